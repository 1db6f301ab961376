namespace KernelTruth.Cluster.Checkpoint;

/// <summary>What the cluster checkpoint store did since start, for /metrics and tests. Totals, never reset.</summary>
public sealed record CheckpointCounts(long Written, long Restored, long Unreadable, long Oversized, long Conflicts, long Collected, long WriteErrors);
