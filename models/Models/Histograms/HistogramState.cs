namespace KernelTruth.Models.Histograms;

/// <summary>
/// Persisted form of a decaying histogram. Restoring it gives a histogram whose every answer is
/// bit-for-bit the original's: weights and total are stored, not recomputed.
/// </summary>
public sealed record HistogramState
{
    /// <summary>The format version this build writes and reads.</summary>
    public const int CurrentVersion = 1;

    public int Version { get; init; } = CurrentVersion;

    /// <summary>Bucket scheme and parameters (e.g. "exp:0.01:1.05:1000"); a mismatch is refused on load.</summary>
    public required string Scheme { get; init; }

    /// <summary>Decay reference time; null for a histogram that never saw a sample.</summary>
    public DateTimeOffset? ReferenceTime { get; init; }

    /// <summary>Indices of the buckets holding weight, strictly increasing.</summary>
    public required int[] Buckets { get; init; }

    /// <summary>Decayed weights relative to <see cref="ReferenceTime"/>, one per bucket index.</summary>
    public required double[] Weights { get; init; }

    public required double TotalWeight { get; init; }
}
