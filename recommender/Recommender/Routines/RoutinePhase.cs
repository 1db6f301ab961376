namespace KernelTruth.Recommender.Routines;

/// <summary>The recommender's routines, in the order one loop runs them (VPA's RunOnce, notes §1.1).</summary>
public enum RoutinePhase
{
    /// <summary>Read every sensor, turn counter deltas into intervals, feed the models.</summary>
    Ingest,

    /// <summary>Recommend for every workload and publish the set.</summary>
    Fit,

    /// <summary>Save model state to the state file.</summary>
    Checkpoint,
}

/// <summary>How one phase of one loop ended.</summary>
public enum PhaseOutcome
{
    /// <summary>Ran and did everything.</summary>
    Completed,

    /// <summary>Ran; part or all of it failed (logged). The loop carries on.</summary>
    Failed,

    /// <summary>Not run this loop: its interval has not passed.</summary>
    NotDue,
}

/// <summary>One phase of one loop: how it ended, how long it took, and what went wrong if anything.</summary>
public sealed record PhaseReport(RoutinePhase Phase, PhaseOutcome Outcome, TimeSpan Elapsed, string? Problem = null);

/// <summary>One run of <see cref="RecommenderLoop.RunOnceAsync"/>: its phases in the order they ran.</summary>
public sealed record LoopReport(IReadOnlyList<PhaseReport> Phases);

/// <summary>What start-up found in the state file.</summary>
public sealed record RestoreResult(int Workloads, DateTimeOffset? SavedAt)
{
    public bool FreshStart => SavedAt is null;
}
