using KernelTruth.Recommender.Output;

namespace KernelTruth.Recommender.Routines;

/// <summary>The recommender's routines, in the order one loop runs them (VPA's RunOnce).</summary>
public enum RoutinePhase
{
    /// <summary>Read every sensor, turn counter deltas into intervals, feed the models.</summary>
    Ingest,

    /// <summary>Recommend for every workload and publish the set.</summary>
    Fit,

    /// <summary>Hand the loop's output to every sink.</summary>
    Output,

    /// <summary>Save model state to the checkpoint store.</summary>
    Checkpoint,
}

/// <summary>How one phase (or one sink) of one loop ended.</summary>
public enum PhaseOutcome
{
    /// <summary>Ran and did everything.</summary>
    Completed,

    /// <summary>Ran; part or all of it failed (logged). The loop carries on.</summary>
    Failed,

    /// <summary>Not run this loop: its interval has not passed.</summary>
    NotDue,

    /// <summary>Not run this loop on purpose (a sink that writes only on the Lease holder, on a standby).</summary>
    Skipped,
}

/// <summary>One phase of one loop: how it ended, how long it took, and what went wrong if anything.</summary>
/// <param name="Aborted">The phase stopped at an exception it did not expect, rather than finishing with problems it reports.</param>
public sealed record PhaseReport(RoutinePhase Phase, PhaseOutcome Outcome, TimeSpan Elapsed, string? Problem = null, bool Aborted = false);

/// <summary>What one loop's ingest read: sensors read and not read, and intervals that reached a model.</summary>
public sealed record IngestCounts(int SensorsRead, int SensorsFailed, int Intervals)
{
    public static IngestCounts None { get; } = new(0, 0, 0);
}

/// <summary>One run of <see cref="RecommenderLoop.RunOnceAsync"/>: its phases in the order they ran, each sink's part, the ingest's counts.</summary>
public sealed record LoopReport(IReadOnlyList<PhaseReport> Phases, IReadOnlyList<SinkReport> Sinks, IngestCounts Ingest, TimeSpan Elapsed)
{
    /// <summary>A phase stopped at an unexpected exception: the loop as a whole failed (it still ran every other phase).</summary>
    public bool Aborted => Phases.Any(p => p.Aborted);

    public PhaseReport this[RoutinePhase phase] => Phases.First(p => p.Phase == phase);
}

/// <summary>What start-up found in the checkpoint store.</summary>
public sealed record RestoreResult(int Workloads, DateTimeOffset? SavedAt)
{
    public bool FreshStart => SavedAt is null;
}
