namespace KernelTruth.Models.Histograms;

/// <summary>
/// The 16-bit bucket index of <see cref="NarrowExactWeight"/> and <see cref="NarrowCompactWeight"/>: 2 bytes instead of
/// 4 in every entry of a histogram whose scheme has at most <see cref="Limit"/> buckets (VPA's CPU and memory, 176;
/// our memory peaks, 922; the sensor's wait slots, 27), never for the millicore demand grid (1 000 001).
/// </summary>
internal static class NarrowBucket
{
    /// <summary>Buckets a narrow entry can index: 0 … 65 535.</summary>
    public const int Limit = ushort.MaxValue + 1;

    /// <summary>The index as 16 bits; a wider one fails instead of wrapping (65 536 would read as bucket 0).</summary>
    public static ushort From(int bucket) => bucket is >= 0 and < Limit
        ? (ushort)bucket
        : throw new ArgumentOutOfRangeException(nameof(bucket), bucket, $"a narrow histogram entry holds bucket indices below {Limit}; give a scheme with more buckets ExactWeight or CompactWeight entries");
}
