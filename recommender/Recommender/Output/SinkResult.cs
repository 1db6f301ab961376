namespace KernelTruth.Recommender.Output;

/// <summary>What a sink did with one loop's output (the numbers /metrics counts).</summary>
/// <param name="Items">Objects it looked after: VPAs owned, profiles kept, pods served.</param>
/// <param name="Writes">Objects it wrote because they changed.</param>
/// <param name="Errors">Items that failed (logged with their names, retried next loop).</param>
/// <param name="Skipped">Why it did nothing this loop, when it did nothing on purpose (e.g. not the Lease holder).</param>
/// <param name="Deferred">Objects that changed but were not written this loop on purpose (WorkloadProfiles waiting for their refresh).</param>
public sealed record SinkResult(int Items = 0, int Writes = 0, int Errors = 0, string? Skipped = null, int Deferred = 0)
{
    public static SinkResult NotRun(string reason) => new(Skipped: reason);
}

/// <summary>One sink in one loop: its result, how long it took, and what went wrong, if anything.</summary>
/// <param name="Aborted">The sink threw: its <paramref name="Result"/> is empty, not zero.</param>
public sealed record SinkReport(string Sink, Routines.PhaseOutcome Outcome, TimeSpan Elapsed, SinkResult Result, string? Problem = null, bool Aborted = false);
