using KernelTruth.Models.Baseline;
using KernelTruth.Models.Input;
using KernelTruth.Models.Recommendations;
using KernelTruth.Models.Tests.Fakes;

namespace KernelTruth.Models.Tests.Baseline;

public class VpaBaselineTests
{
    private const long MiB = 1024 * 1024;
    private static readonly RecommendationPolicy Policy = new();

    private static VpaBaseline Feed(int minutes, double cores, long memoryBytes = 300 * MiB)
    {
        var baseline = new VpaBaseline();
        foreach (WorkloadInterval i in Intervals.Minutes(minutes + 1, t => Intervals.Exact(t, 60, (cores, 600)) with { UsageCores = cores, MemoryBytes = memoryBytes }))
        {
            baseline.Add(i);
        }

        return baseline;
    }

    [Fact]
    public void Estimate_12HoursAt100Millicores_UpperIsThreeTimesTarget()
    {
        // 721 finished minutes 0..720 (the 722nd interval closes minute 720): d = min(0.5, 721/1440) = 0.5.
        BaselineRecommendation r = Feed(721, 0.1).Estimate(Policy, null);

        // P90 = P50 = P95 = upper edge of bucket 8 = 110.266 m ⇒ 110 m; target 110 + trunc(16.5) = 126 m;
        // upper trunc(126·(1 + 1/0.5)) = 378 m; lower trunc(126·(1 + 0.001/0.5)^−2) = trunc(125.50) = 125 m.
        Assert.Equal(0.5, r.ConfidenceDays, 12);
        Assert.Equal(0.126, r.Cpu.RequestCores, 9);
        Assert.Equal(0.378, r.Cpu.UpperBoundCores, 9);
        Assert.Equal(0.125, r.Cpu.LowerBoundCores, 9);
        Assert.Equal(0.126, r.Cpu.UncappedTargetCores, 9);
    }

    [Fact]
    public void Estimate_24HoursAt100Millicores_UpperIsTwiceTarget()
    {
        BaselineRecommendation r = Feed(1441, 0.1).Estimate(Policy, null);

        // d = min(1440/1440, 1441/1440) = 1 ⇒ upper trunc(126·2) = 252 m.
        Assert.Equal(1.0, r.ConfidenceDays, 12);
        Assert.Equal(0.252, r.Cpu.UpperBoundCores, 9);
    }

    [Fact]
    public void Estimate_TinyUsage_PodMinimumSplitOverContainers()
    {
        VpaBaseline baseline = Feed(60, 0.002);

        // 2 m lands in bucket 0, upper edge 10 m; 10 + trunc(1.5) = 11 m < 25 m pod minimum.
        Assert.Equal(0.025, baseline.Estimate(Policy, null).Cpu.RequestCores, 9);
        // Two containers: trunc(25·0.5) = 12 m each.
        Assert.Equal(0.012, baseline.Estimate(Policy with { ContainersInPod = 2 }, null).Cpu.RequestCores, 9);
    }

    [Fact]
    public void Estimate_MemoryPeaks_P90TimesMarginOfBucketEdge()
    {
        VpaBaseline baseline = Feed(1441, 0.1, 300 * MiB);
        var buckets = VpaDefaults.MemoryBuckets;

        // 300 MiB = 314 572 800 B; its bucket's upper edge, truncated, + trunc(15 %).
        double edge = Math.Truncate(buckets.BucketEnd(buckets.FindBucket(314_572_800)));
        long expected = (long)(edge + Math.Truncate(edge * 0.15));

        Assert.Equal(expected, baseline.Estimate(Policy, null).Memory.RequestBytes);
    }

    [Fact]
    public void Add_OomKill_BumpsThePeakLikeVpa()
    {
        VpaBaseline baseline = Feed(10, 0.1, 300 * MiB);
        baseline.Add(Intervals.Exact(Intervals.T0.AddMinutes(11).AddSeconds(30), 60, (0.1, 600)) with { MemoryBytes = 300 * MiB, OomKills = 1, MemoryRequestBytes = 256 * MiB });

        // used = max(request 256 MiB, peak 300 MiB) = 300 MiB; needed = max(300 + 100, 300·1.2 = 360) = 400 MiB,
        // which replaces the window's 300 MiB peak.
        Assert.Equal(400 * MiB, baseline.Memory.CurrentPeak, 0);
        var buckets = VpaDefaults.MemoryBuckets;
        double edge = Math.Truncate(buckets.BucketEnd(buckets.FindBucket(400 * MiB)));
        Assert.Equal((long)(edge + Math.Truncate(edge * 0.15)), baseline.Estimate(Policy, null).Memory.RequestBytes);
    }

    [Fact]
    public void Estimate_MaxAllowed_CapsTargetButNotUncapped()
    {
        BaselineRecommendation r = Feed(1441, 0.1).Estimate(Policy with { MaxCpuCores = 0.1 }, null);

        Assert.Equal(0.1, r.Cpu.RequestCores, 9);
        Assert.Equal(0.1, r.Cpu.UpperBoundCores, 9);
        Assert.Equal(0.126, r.Cpu.UncappedTargetCores, 9);
    }

    [Fact]
    public void Estimate_RequestsAndLimitsWithRatio_ScalesTheLimitProportionally()
    {
        BaselineRecommendation r = Feed(1441, 0.1).Estimate(Policy, limitRequestRatio: 2.0);

        // VPA keeps limit/request: 126 m × 2 = 252 m.
        Assert.Equal(0.252, r.Cpu.LimitCores!.Value, 9);
    }
}
