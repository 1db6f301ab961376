using System.Globalization;

namespace KernelTruth.Models.Histograms;

/// <summary>
/// VPA's exponential buckets: bucket n starts at first·(r^n − 1)/(r − 1) and is first·r^n wide;
/// bucket 0 is [0, first). Count = ceil(log_r(max·(r − 1)/first + 1)) + 1.
/// </summary>
/// <remarks>
/// Worked example, VPA's CPU options (first 0.01 core, r 1.05, max 1000 cores):
/// count = ceil(ln(1000·0.05/0.01 + 1)/ln 1.05) + 1 = ceil(174.56) + 1 = 176;
/// 0.1 core: ln(0.1·0.05/0.01 + 1)/ln 1.05 = ln 1.5/ln 1.05 = 8.31 ⇒ bucket 8, which spans
/// [0.01·(1.05^8 − 1)/0.05, 0.01·(1.05^9 − 1)/0.05) = [95.5 m, 110.3 m).
/// </remarks>
internal sealed class ExponentialBuckets : IBucketScheme
{
    private readonly double _first;
    private readonly double _ratio;
    private readonly double _logRatio;

    public ExponentialBuckets(double firstBucketSize, double ratio, double maxValue)
    {
        if (!(firstBucketSize > 0) || !(ratio > 1) || !(maxValue > firstBucketSize))
        {
            throw new ArgumentOutOfRangeException(nameof(firstBucketSize), "need firstBucketSize > 0, ratio > 1 and maxValue > firstBucketSize");
        }

        _first = firstBucketSize;
        _ratio = ratio;
        _logRatio = Math.Log(ratio);
        MaxValue = maxValue;
        BucketCount = (int)Math.Ceiling(Math.Log(maxValue * (ratio - 1) / firstBucketSize + 1) / _logRatio) + 1;
        Name = string.Create(CultureInfo.InvariantCulture, $"exp:{firstBucketSize:R}:{ratio:R}:{maxValue:R}");
    }

    public int BucketCount { get; }

    public string Name { get; }

    public double MaxValue { get; }

    // Same formula and float operations as VPA's FindBucket, so values on a bucket edge land where
    // VPA puts them.
    public int FindBucket(double value)
    {
        if (value < _first)
        {
            return 0;
        }

        int bucket = (int)(Math.Log(value * (_ratio - 1) / _first + 1) / _logRatio);
        return bucket >= BucketCount ? BucketCount - 1 : bucket;
    }

    public double BucketStart(int bucket)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bucket);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(bucket, BucketCount);
        return bucket == 0 ? 0.0 : _first * (Math.Pow(_ratio, bucket) - 1) / (_ratio - 1);
    }

    public double BucketEnd(int bucket) => bucket < BucketCount - 1 ? BucketStart(bucket + 1) : BucketStart(bucket);
}
