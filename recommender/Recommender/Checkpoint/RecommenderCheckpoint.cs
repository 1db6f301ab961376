using KernelTruth.Models.Checkpoint;

namespace KernelTruth.Recommender.Checkpoint;

/// <summary>
/// Everything the recommender learned, as saved to its state file. Version 1; a file of another
/// version is refused with a message, never half-read. Each workload model carries its own
/// version too (WorkloadModelCheckpoint.Version).
/// </summary>
public sealed record RecommenderCheckpoint
{
    public const int CurrentVersion = 1;

    public int Version { get; init; } = CurrentVersion;

    public DateTimeOffset SavedAt { get; init; }

    public IReadOnlyList<WorkloadCheckpoint> Workloads { get; init; } = [];

    /// <summary>
    /// The global demand forecaster, fitted on every workload's examples (DemandForecaster.ToBytes: ~77 KB, bounded by
    /// its 100 trees of 20 leaves); absent before the first fit and in checkpoints written before it was kept.
    /// </summary>
    public byte[]? Forecaster { get; init; }
}

public sealed record WorkloadCheckpoint(string Workload, WorkloadModelCheckpoint Model)
{
    /// <summary>
    /// When data last reached the model, on the recommender's clock (what the idle time is measured from); absent in
    /// files written before it was added, which fall back to the model's last interval.
    /// </summary>
    public DateTimeOffset? LastData { get; init; }

    /// <summary>
    /// The workload's demand history for forecasts (DemandHistory.ToBytes, 579 bytes of format 2, 971 of format 1 in older files); absent in checkpoints written
    /// before it was kept, which start the history afresh.
    /// </summary>
    public byte[]? DemandHistory { get; init; }

    /// <summary>
    /// The forecast guard's record for the workload (ForecastGuard.ToBytes, 13 bytes: checked forecasts and their recent
    /// error); absent in checkpoints written before it was kept, which start the guard afresh.
    /// </summary>
    public byte[]? ForecastGuard { get; init; }

    /// <summary>The workload's recent container starts; absent when none was seen, and in files written before starts were kept.</summary>
    public StartupHistoryState? Startups { get; init; }

    /// <summary>
    /// Present while the workload's recommendations rest on history the sensor did not measure; absent once the
    /// sensor's own data has taken over, for workloads never started that way, and in files written before it was kept.
    /// </summary>
    public BorrowedHistoryState? BorrowedHistory { get; init; }
}
