namespace KernelTruth.Models.Histograms;

/// <summary>
/// The sensor's wait slots in seconds: bucket i holds [2^i, 2^(i+1)) µs, bucket 0 also holds
/// waits under 1 µs, the last bucket is open (bpf/usage_buckets.h WAIT_SLOTS).
/// </summary>
/// <remarks>Worked example: a 10 ms wait is 10 000 µs, 2^13 = 8192 ≤ 10 000 &lt; 2^14 ⇒ bucket 13, [8.192 ms, 16.384 ms).</remarks>
internal sealed class Log2MicrosecondBuckets : IBucketScheme
{
    /// <summary>WAIT_SLOTS in bpf/usage_buckets.h.</summary>
    public const int Slots = 27;

    public static readonly Log2MicrosecondBuckets Instance = new();

    private Log2MicrosecondBuckets()
    {
    }

    public int BucketCount => Slots;

    public string Name => "log2us:27";

    public int FindBucket(double value)
    {
        double us = value * 1e6;
        if (!(us >= 2))
        {
            return 0;
        }

        int slot = (int)Math.Floor(Math.Log2(us));
        return Math.Min(slot, Slots - 1);
    }

    public double BucketStart(int bucket) => bucket == 0 ? 0.0 : Math.ScaleB(1e-6, bucket);

    // The last slot is open; for interpolation it is given the width of a log2 slot.
    public double BucketEnd(int bucket) => Math.ScaleB(1e-6, bucket + 1);
}
