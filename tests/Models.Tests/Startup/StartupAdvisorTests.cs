using KernelTruth.Models.Startup;

namespace KernelTruth.Models.Tests.Startup;

public sealed class StartupAdvisorTests
{
    private static StartupSummary Starts(double ready, double warmupCpu, double warmupThrottled) => new(
        3,
        new StartupPercentiles(ready, ready),
        new StartupPercentiles(warmupCpu, warmupCpu),
        new StartupPercentiles(warmupThrottled, warmupThrottled),
        new StartupPercentiles(warmupCpu, warmupCpu),
        new StartupPercentiles(warmupThrottled, warmupThrottled));

    [Fact]
    public void Advise_NoWarmupMeasured_Null()
    {
        var older = new StartupSummary(1, new StartupPercentiles(1, 1), new StartupPercentiles(1, 1), new StartupPercentiles(0.5, 0.5));

        Assert.Null(StartupAdvisor.Advise(older, 0.5, 0, 0.1, 0.5));
    }

    [Fact]
    public void Advise_BarelyThrottled_NotThrottledNoFix()
    {
        // 1 core-s, 20 ms throttled, ready 1.02 s ⇒ P = 1.02 / 1.02 = 1; 20 ms < 50 ms and < 10 % of 1.02 s.
        var a = StartupAdvisor.Advise(Starts(1.02, 1, 0.02), 0.8, 0, 0.1, 0.8)!;

        Assert.False(a.Throttled);
        Assert.Equal(StartupFix.None, a.Fix);
        Assert.Null(StartupAdvisor.Note(a));
    }

    [Fact]
    public void Advise_RecommendedLimitAboveParallelism_RecommendedLimitFixesIt()
    {
        // The 300 ms spin of the kernel proof at 0.5 cores: ready 0.548 s, 0.248 s throttled ⇒ P = 1. At the
        // recommended 1 core it is never throttled: 0.3 s, as unlimited.
        var a = StartupAdvisor.Advise(Starts(0.548, 0.3, 0.248), 0.5, 0, 0.1, 1.0)!;

        Assert.True(a.Throttled);
        Assert.Equal(1, a.ParallelCores, 9);
        Assert.Equal(0.548, a.PredictedAtCurrentSeconds!.Value, 6); // the replay at the current limit gives what was measured
        Assert.Equal(StartupFix.RecommendedLimit, a.Fix);
        Assert.Equal(0.3, a.PredictedReadySeconds, 9);
        Assert.Contains("already fixes it", StartupAdvisor.Note(a));
    }

    [Fact]
    public void Advise_ShortWarmupJustOverThePool_BurstFixesIt()
    {
        // W 0.8 core-s on P 4 cores at 2 cores / 100 ms: 202 + 200 + 200 ms, the last 198 ms on 4 cores ⇒ 0.35 s,
        // T = P × R − W = 1.4 − 0.8 = 0.6 s. Unthrottled 0.2 s, allowed 0.2 + one period = 0.3 s. A 2-core burst fills
        // the first period's 0.4 s of CPU: 400 + 202 + 198 ms ⇒ 0.25 s. A 1-core burst gives 0.32 s: too little.
        var a = StartupAdvisor.Advise(Starts(0.35, 0.8, 0.6), 2, 0, 0.1, 2)!;

        Assert.Equal(4, a.ParallelCores, 9);
        Assert.Equal(StartupFix.Burst, a.Fix);
        Assert.Equal(2, a.LimitCores);
        Assert.InRange(a.BurstCores, 1, 2);
        Assert.InRange(a.PredictedReadySeconds, 0.2, 0.3);
        Assert.Contains("cpu.cfs_burst_us", StartupAdvisor.Note(a));
    }

    [Fact]
    public void Advise_LongWarmup_HigherLimitNotBurst()
    {
        // W 4 core-s on P 2 cores at 0.5 cores: ready 7.92 s, T = 2 × 7.924 − 4 = 11.848 s. Unthrottled 2 s, allowed
        // 2.2 s: a burst carries one quota (50 ms) over, too little; 4 core-s in 2.2 s needs 4 / 2.2 = 1.82 cores.
        var a = StartupAdvisor.Advise(Starts(7.924, 4, 11.848), 0.5, 0, 0.1, 0.5)!;

        Assert.Equal(2, a.ParallelCores, 6);
        Assert.Equal(StartupFix.HigherLimit, a.Fix);
        Assert.InRange(a.LimitCores!.Value, 1.78, 1.83);
        Assert.InRange(a.PredictedReadySeconds, 2, 2.2);
        Assert.InRange(a.PredictedWithBurstSeconds!.Value, 7.8, 7.9);
    }

    [Fact]
    public void Advise_NoLimitRecommended_RecommendationFixesIt()
    {
        var a = StartupAdvisor.Advise(Starts(0.548, 0.3, 0.248), 0.5, 0, 0.1, null)!;

        Assert.Equal(StartupFix.RecommendedLimit, a.Fix);
        Assert.Null(a.LimitCores);
        Assert.Equal(0.3, a.PredictedReadySeconds, 9);
    }
}
