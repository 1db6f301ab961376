using KernelTruth.Models.Baseline;
using KernelTruth.Models.Histograms;

namespace KernelTruth.Models.Tests.Histograms;

public class ExponentialBucketsTests
{
    [Fact]
    public void BucketCount_VpaCpuAndMemoryOptions_Is176()
    {
        // ceil(ln(1000·0.05/0.01 + 1)/ln 1.05) + 1 = ceil(174.56) + 1 = 176; memory: ln(1e12·0.05/1e7 + 1) is the same ln 5001.
        Assert.Equal(176, VpaDefaults.CpuBuckets.BucketCount);
        Assert.Equal(176, VpaDefaults.MemoryBuckets.BucketCount);
    }

    // The stock VPA recommender's bucket table: usage, bucket, range in millicores.
    [Theory]
    [InlineData(0.012, 1, 10.0, 20.5)]
    [InlineData(0.025, 2, 20.5, 31.5)]
    [InlineData(0.050, 4, 43.1, 55.3)]
    [InlineData(0.100, 8, 95.5, 110.3)]
    [InlineData(0.250, 16, 236.6, 258.4)]
    [InlineData(1.000, 36, 958.4, 1016.3)]
    [InlineData(4.000, 62, 3918.8, 4124.7)]
    public void FindBucket_VpaTableUsage_MatchesPublishedBucketAndRange(double cores, int bucket, double startMilli, double endMilli)
    {
        var buckets = VpaDefaults.CpuBuckets;

        Assert.Equal(bucket, buckets.FindBucket(cores));
        // Bucket n starts at 0.01·(1.05^n − 1)/0.05; e.g. n = 8: 0.01·(1.4775 − 1)/0.05 = 95.49 m.
        Assert.Equal(startMilli, buckets.BucketStart(bucket) * 1000, 0.06);
        Assert.Equal(endMilli, buckets.BucketEnd(bucket) * 1000, 0.06);
    }

    [Fact]
    public void FindBucket_BelowFirstAndAboveMax_ClampsToEnds()
    {
        var buckets = VpaDefaults.CpuBuckets;

        Assert.Equal(0, buckets.FindBucket(0.0));
        Assert.Equal(0, buckets.FindBucket(0.0099));
        Assert.Equal(175, buckets.FindBucket(5000));
        // The last bucket has no upper edge: its "end" is its start, as VPA's Percentile answers.
        Assert.Equal(buckets.BucketStart(175), buckets.BucketEnd(175));
    }

    [Fact]
    public void LinearBuckets_MillicoreGrid_CountsAValueAtTheNextMillicore()
    {
        var grid = new LinearBuckets(1000, 1000);

        Assert.Equal(300, grid.FindBucket(0.3));
        Assert.Equal(0.3, grid.BucketEnd(grid.FindBucket(0.3)));
        Assert.Equal(301, grid.FindBucket(0.3001));
        // 0.29·1000 = 290.00000000000006 in doubles: the 1e-6 tolerance keeps it in bucket 290.
        Assert.Equal(290, grid.FindBucket(0.29));
        // The sensor's slot [0.29696, 0.3072) is counted at its upper bound, rounded up: 0.308.
        Assert.Equal(0.308, grid.BucketEnd(grid.FindBucket(0.3072)));
    }

    [Fact]
    public void Log2MicrosecondBuckets_TenMilliseconds_IsSlot13()
    {
        // 10 ms = 10 000 µs; 2^13 = 8192 ≤ 10 000 < 16 384.
        Assert.Equal(13, Log2MicrosecondBuckets.Instance.FindBucket(0.010));
        Assert.Equal(0.008192, Log2MicrosecondBuckets.Instance.BucketStart(13), 12);
        Assert.Equal(0, Log2MicrosecondBuckets.Instance.FindBucket(0.0000005));
    }
}
