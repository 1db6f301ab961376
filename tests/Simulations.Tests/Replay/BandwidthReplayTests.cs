using KernelTruth.Simulations.Replay;

namespace KernelTruth.Simulations.Tests.Replay;

public sealed class BandwidthReplayTests
{
    private const double P = 0.1;

    private static DemandSeries Demand(int cpus, params double[] arrivalsSeconds) => new(P, arrivalsSeconds, cpus, CensoringInfo.None(arrivalsSeconds.Length));

    [Fact]
    public void Run_WorkedExample_BacklogCarriedAndIdlePeriodCounted()
    {
        // quota 20 ms, arrivals 30, 0, 0 ms, no overrun. P0: used 20, throttled, backlog 10.
        // P1: used 10. P2: idle but counted (timer finds it idle). Ratio 1/3.
        // Waits over 3 counted periods: {10 ms, 0, 0}: p50 = rank 2 = 0, p99 = rank 3 = 10 ms.
        // Usage 30 ms / 0.3 s = 0.1 cores.
        var p = BandwidthReplay.Run(Demand(4, 0.030, 0, 0), new BandwidthLimit(0.2, P, 0, 0));

        Assert.Equal(3, p.CountedPeriods);
        Assert.Equal(1, p.ThrottledPeriods);
        Assert.Equal(1.0 / 3, p.ThrottledPeriodsRatio, 9);
        Assert.Equal(0, p.ThrottleWaitP50Seconds, 9);
        Assert.Equal(0.010, p.ThrottleWaitP99Seconds, 9);
        Assert.Equal(0.1, p.UsageCores, 9);
    }

    [Fact]
    public void Run_LimitBelowTheDemand_MostWorkArrivesHeldBackAndTheAnswerIsLoopDependent()
    {
        // 30 ms every period at quota 20 ms (no overrun): from P1 on, 10, 20, 30 ms wait at each period's
        // start, so every arrival but the first comes behind waiting work: 3 of 4 arrivals (90 of 120 ms).
        var p = BandwidthReplay.Run(Demand(4, 0.030, 0.030, 0.030, 0.030), new BandwidthLimit(0.2, P, 0, 0));

        Assert.Equal(0.75, p.HeldBackArrivalShare, 9);
        Assert.True(p.LoopDependent);
    }

    [Fact]
    public void Run_BurstsDrainedBeforeTheNext_NoArrivalHeldBackNotLoopDependent()
    {
        // 30 ms then 0, twice, at quota 20 ms: P0 leaves 10 ms, P1 serves it, P2's burst finds nothing waiting.
        var p = BandwidthReplay.Run(Demand(4, 0.030, 0, 0.030, 0), new BandwidthLimit(0.2, P, 0, 0));

        Assert.Equal(0, p.HeldBackArrivalShare, 9);
        Assert.False(p.LoopDependent);
    }

    [Fact]
    public void Run_TickOverrun_BorderlinePeriodsThrottledByProbabilityAndOverrunRepaid()
    {
        // quota 20 ms, tick 4 ms (mean overrun 2). P0 wants 21: 1 ms past the pool ⇒ throttled with
        // probability 1/4, used 21 (≤ 22); the pool refills to 20 − 21 + 20 = 19. P1 wants 21.5:
        // 2.5 past ⇒ probability 0.625, used 19 + 2 = 21, backlog 0.5. Expected 0.875 of 2 periods.
        var p = BandwidthReplay.Run(Demand(4, 0.021, 0.0215), new BandwidthLimit(0.2, P, 0, 0.004));

        Assert.Equal(2, p.CountedPeriods);
        Assert.Equal(0.875, p.ThrottledPeriods, 9);
        Assert.Equal(0.4375, p.ThrottledPeriodsRatio, 9);
        Assert.Equal(0.0005, p.ThrottleWaitP99Seconds, 9);
    }

    [Fact]
    public void Run_Burst_UnusedQuotaSavedUpToBurstAbsorbsOnePeriod()
    {
        // quota 20 ms, burst 10 ms, no overrun. P0 idle: pool min(20 + 20, 30) = 30.
        // P1 wants 30 ≤ 30: not throttled; pool min(0 + 20, 30) = 20. P2 wants 30 > 20: throttled,
        // backlog 10. P3 serves it. Counted P1..P3 (P0 idle after idle) ⇒ 1/3.
        var withBurst = BandwidthReplay.Run(Demand(4, 0, 0.030, 0.030, 0), new BandwidthLimit(0.2, P, 0.1, 0));

        // Without burst: P1 throttled (backlog 10), P2 wants 40 ⇒ throttled (backlog 20), P3 wants 20 = quota ⇒ not. 2/3.
        var without = BandwidthReplay.Run(Demand(4, 0, 0.030, 0.030, 0), new BandwidthLimit(0.2, P, 0, 0));

        Assert.Equal(1.0 / 3, withBurst.ThrottledPeriodsRatio, 9);
        Assert.Equal(2.0 / 3, without.ThrottledPeriodsRatio, 9);
    }

    [Fact]
    public void Run_ParallelismCap_LimitsUsageWithoutThrottling()
    {
        // 1 CPU ⇒ at most 100 ms per period. Limit 2 cores (200 ms) never binds: arrivals 150 ms ⇒
        // P0 uses 100 (not throttled: the CPU, not the quota, held it back), P1 the remaining 50.
        var p = BandwidthReplay.Run(Demand(1, 0.150, 0), new BandwidthLimit(2.0, P, 0, 0));

        Assert.Equal(0, p.ThrottledPeriods);
        Assert.Equal(0.75, p.UsageCores, 9); // 150 ms / 200 ms
    }

    [Fact]
    public void Run_IdleStretch_OnlyFirstIdlePeriodCounted()
    {
        // busy, idle (counted: the timer stops at its end), idle (not counted), busy ⇒ 3 periods.
        var p = BandwidthReplay.Run(Demand(4, 0.01, 0, 0, 0.01), new BandwidthLimit(1, P, 0, 0));

        Assert.Equal(3, p.CountedPeriods);
    }

    [Fact]
    public void Run_Gap_NotCountedAndBacklogDropped()
    {
        // P0 throttled with backlog 10 ms; P1 unknown ⇒ backlog dropped; P2 idle after a gap ⇒ not counted.
        var p = BandwidthReplay.Run(Demand(4, 0.030, double.NaN, 0), new BandwidthLimit(0.2, P, 0, 0));

        Assert.Equal(1, p.CountedPeriods);
        Assert.Equal(1, p.ThrottledPeriods);
        Assert.Equal(0.1, p.UsageCores, 9); // 20 ms over 2 known periods (0.2 s)
    }

    [Theory]
    [InlineData(0, "limit 0 cores must be > 0")]
    [InlineData(-1, "limit -1 cores must be > 0")]
    public void Run_ZeroOrNegativeLimit_ErrorNamesLimit(double limit, string expected)
    {
        var ex = Assert.Throws<ArgumentException>(() => BandwidthReplay.Run(Demand(1, 0.01), new BandwidthLimit(limit, P)));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BurstAboveLimitAndPeriodOutOfRange_EveryErrorNamed()
    {
        var errors = new BandwidthLimit(0.5, 2.0, 1.0).Validate();

        Assert.Contains(errors, e => e.Contains("period 2000 ms", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("burst 1 cores exceeds the limit 0.5", StringComparison.Ordinal));
    }

    [Fact]
    public void Run_RandomDemand_HigherLimitNeverThrottlesMore()
    {
        var random = new Random(42);
        var arrivals = Enumerable.Range(0, 5000).Select(_ => random.NextDouble() < 0.3 ? random.NextDouble() * 0.2 : 0.0).ToArray();
        var demand = Demand(2, arrivals);
        var sweep = LimitSweep.Run(demand, Enumerable.Range(1, 20).Select(i => i * 0.1));

        for (int i = 1; i < sweep.Count; i++)
        {
            Assert.True(sweep[i].ThrottledPeriods <= sweep[i - 1].ThrottledPeriods, $"limit {sweep[i].LimitCores} throttles {sweep[i].ThrottledPeriods} > {sweep[i - 1].ThrottledPeriods} at {sweep[i - 1].LimitCores}");
            Assert.True(sweep[i].ThrottleWaitP99Seconds <= sweep[i - 1].ThrottleWaitP99Seconds + 1e-12);
        }
    }

    [Theory]
    [InlineData("100m:2:100m", new[] { 0.1, 0.2 })]
    [InlineData("0.5:3:250m", new[] { 0.5, 0.75, 1.0 })]
    public void ParseRange_Valid_Limits(string text, double[] expected)
    {
        var limits = LimitSweep.ParseRange(text, out string? error);

        Assert.Null(error);
        Assert.Equal(expected, limits.ToArray(), (a, b) => Math.Abs(a - b) < 1e-12);
    }

    [Theory]
    [InlineData("100m:2", "is not FROM:COUNT:STEP")]
    [InlineData("x:2:100m", "FROM 'x'")]
    [InlineData("100m:0:100m", "COUNT '0'")]
    [InlineData("100m:2:-1", "STEP '-1'")]
    public void ParseRange_Bad_ErrorNamesThePart(string text, string expected)
    {
        LimitSweep.ParseRange(text, out string? error);

        Assert.Contains(expected, error, StringComparison.Ordinal);
    }
}
