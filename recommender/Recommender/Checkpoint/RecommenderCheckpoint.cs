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
}

public sealed record WorkloadCheckpoint(string Workload, WorkloadModelCheckpoint Model);
