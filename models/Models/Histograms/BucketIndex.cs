namespace KernelTruth.Models.Histograms;

/// <summary>
/// Bucket indices kept in fewer than 32 bits: 2 bytes (<see cref="ExactWeight16"/>, <see cref="CompactWeight16"/>) for
/// a scheme of at most 65 536 buckets (VPA's CPU and memory, 176; our memory peaks, 922; the sensor's wait slots, 27),
/// 3 bytes (<see cref="CompactWeight24"/>) for at most 16 777 216 (the millicore demand grid, 1 000 001).
/// </summary>
internal static class BucketIndex
{
    /// <summary>Buckets a 16-bit index can name: 0 … 65 535.</summary>
    public const int Limit16 = 1 << 16;

    /// <summary>Buckets a 24-bit index can name: 0 … 16 777 215.</summary>
    public const int Limit24 = 1 << 24;

    /// <summary>The index as 16 bits; a wider one fails instead of wrapping (65 536 would read as bucket 0).</summary>
    public static ushort To16(int bucket) => (ushort)Checked(bucket, Limit16);

    /// <summary>The index, refused unless 0 ≤ it &lt; <paramref name="limit"/>: a narrower entry never wraps it.</summary>
    public static int Checked(int bucket, int limit) => bucket >= 0 && bucket < limit
        ? bucket
        : throw new ArgumentOutOfRangeException(nameof(bucket), bucket, $"this histogram entry holds bucket indices below {limit}; give a scheme with more buckets ExactWeight or CompactWeight entries");
}
