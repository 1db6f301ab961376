namespace KernelTruth.Cluster.Checkpoint;

/// <summary>Where and how big the cluster's checkpoint objects are. Defaults in brackets.</summary>
public sealed record ClusterCheckpointOptions
{
    /// <summary>
    /// The largest model JSON one object may hold [256 KiB]. A model's checkpoint is a few histograms of fixed bucket
    /// counts, so its size does not grow with history (docs/operating.md gives measured sizes, ~10 KiB); the bound is far below
    /// etcd's 1.5 MiB per object so a damaged or future model can neither fail the write nor bloat etcd. A model over
    /// it is not written (its previous object stays), logged once and counted.
    /// </summary>
    public const int DefaultMaxModelBytes = 256 * 1024;

    /// <summary>
    /// The largest demand forecaster one object may hold [768 KiB]. Its size is bounded by its 100 trees of 20 leaves,
    /// not by the examples: measured 77 KB (DemandForecasterTests), ~103 KB as base64 in the object. The bound keeps the
    /// base64 (4/3 of it, ≤ 1 MiB) well under etcd's 1.5 MiB per object; a forecaster over it is not written (the
    /// previous one stays), logged once and counted as oversized.
    /// </summary>
    public const int DefaultMaxForecasterBytes = 768 * 1024;

    /// <summary>The recommender's namespace, where every checkpoint object lives. Required.</summary>
    public required string Namespace { get; init; }

    public int MaxModelBytes { get; init; } = DefaultMaxModelBytes;

    public int MaxForecasterBytes { get; init; } = DefaultMaxForecasterBytes;
}
