using KernelTruth.Models.Demand;
using KernelTruth.Models.Input;
using KernelTruth.Models.Recommendations;
using KernelTruth.Models.Tests.Fakes;

namespace KernelTruth.Models.Tests.Recommendations;

public class WorkloadModelTests
{
    private static readonly RecommendationPolicy RequestsOnly = new() { ControlledValues = ControlledValues.RequestsOnly };

    private static WorkloadModel Feed(int minutes, Func<DateTimeOffset, WorkloadInterval> make)
    {
        var model = new WorkloadModel();
        foreach (WorkloadInterval i in Intervals.Minutes(minutes, make))
        {
            Assert.Empty(model.Add(i));
        }

        return model;
    }

    [Fact]
    public void Recommend_30msBurstsEvery100ms_SloLimit300mAndRequest345m()
    {
        // 1442 minutes close 1441 minute samples spanning 1440 min: d = min(1, 1441/1440) = 1 day.
        WorkloadModel model = Feed(1442, t => Intervals.Exact(t, 60, (0.3, 600)));

        Recommendation r = model.Recommend(RequestsOnly, Intervals.T0.AddDays(1));

        // Request = P90·1.15 = 0.3·1.15 = 0.345; SLO limit = Q(0.99) = 0.300 (millicore grid); the
        // recommended limit is raised to the request because Kubernetes needs limit ≥ request.
        Assert.Equal(0.3, r.Evidence.SloLimitCores!.Value, 12);
        Assert.Equal(0.345, r.Cpu.RequestCores, 12);
        Assert.Equal(0.345, r.Cpu.LimitCores!.Value, 12);
        Assert.Equal(QuantileBasis.Observed, r.Evidence.LimitBasis);
        Assert.Equal(0.0, r.Evidence.AtRecommendedLimit!.ThrottledPeriodsRatio);
        // d = 1 day: upper = 0.345·2 = 0.690, lower = 0.345·(1.001)^−2 = 0.34431 ⇒ rounded up 0.345 (capped at the request).
        Assert.Equal(0.69, r.Cpu.UpperBoundCores, 12);
        Assert.Equal(0.5, r.Confidence.Score, 3);
        Assert.Contains(r.Evidence.Notes, n => n.Contains("Kubernetes needs limit ≥ request", StringComparison.Ordinal));
    }

    [Fact]
    public void Recommend_95At200m5At800m_LimitCovers800m()
    {
        WorkloadModel model = Feed(120, t => Intervals.Exact(t, 60, (0.2, 570), (0.8, 30)));

        Recommendation r = model.Recommend(RequestsOnly, Intervals.T0.AddHours(2));

        // Every minute averages 0.95·0.2 + 0.05·0.8 = 0.23 ⇒ request 0.23·1.15 = 0.2645 ⇒ 0.265;
        // per period Q(0.99) = 0.8 ⇒ limit 0.8. The stock VPA, seeing the same minute average 0.23,
        // says trunc(upper edge of 230 m's bucket) + 15 %.
        Assert.Equal(0.265, r.Cpu.RequestCores, 12);
        Assert.Equal(0.8, r.Cpu.LimitCores!.Value, 12);
        Assert.Equal(0.0, r.Evidence.AtRecommendedLimit!.ThrottledPeriodsRatio);
        Assert.True(r.Baseline.Cpu.RequestCores < r.Cpu.LimitCores);
    }

    [Fact]
    public void Recommend_AlwaysThrottledAt200m_ExtrapolatesAbove200mAndSaysSo()
    {
        // Observed under limit 0.2, every period throttled, W/T = 10 ms per 100 ms period ⇒ μ = 0.1 core.
        WorkloadModel model = Feed(600, t => Fakes.Demand.AllThrottled(t, limit: 0.2, meanExcess: 0.1, periods: 600) with { Duration = TimeSpan.FromSeconds(60), RequestCores = 0.1 });

        Recommendation r = model.Recommend(RequestsOnly, Intervals.T0.AddHours(10));

        // Limit, per period: μ = 0.1 is at the cap 0.2·(2 − 1)/2 ⇒ uniform on [0.2, 0.4],
        // Q(0.99) = 0.2 + 0.2·0.99 = 0.398. Request, per minute: every minute held back throughout and
        // never caught up ⇒ usage 0.2 + the same censored excess (600·0.1 s·0.1 = 6 s)/60 s = 0.1
        // = 0.3 core ⇒ 0.3·1.15 = 0.345 (the first minute also carries the 6 s left waiting at its end: 0.4).
        Assert.Equal(0.398, r.Cpu.LimitCores!.Value, 12);
        Assert.Equal(0.345, r.Cpu.RequestCores, 12);
        Assert.True(r.Cpu.LimitCores > 0.2);
        Assert.Equal(QuantileBasis.Extrapolated, r.Evidence.LimitBasis);
        Assert.Equal(QuantileBasis.Observed, r.Evidence.RequestBasis);
        Assert.True(r.Evidence.RequestIncludesCensoredDemand);
        Assert.Equal(TimeSpan.FromMinutes(1), r.Evidence.RequestWindow);
        Assert.Equal(1.0, r.Evidence.CensoredPeriodsShare, 12);
        Assert.Contains(r.Evidence.Notes, n => n.Contains("extrapolated from censored data", StringComparison.Ordinal));
        // At the current limit everything is throttled (measured and predicted).
        Assert.Equal(1.0, r.Evidence.AtCurrentLimit!.ThrottledPeriodsRatio, 12);
        Assert.Equal(1.0, r.Evidence.MeasuredThrottledRatio!.Value, 12);
        // The stock VPA sees usage 0.2 and recommends 0.2's bucket edge + 15 %: no idea demand is higher.
        Assert.True(r.Baseline.Cpu.RequestCores < 0.25);
    }

    [Fact]
    public void Recommend_RequestsAndLimitsWithRatio2_RaisesRequestSoDerivedLimitMeetsSlo()
    {
        // Current request 0.25, limit 0.5 ⇒ VPA keeps ratio 2.
        WorkloadModel model = Feed(120, t => Intervals.Exact(t, 60, (0.2, 570), (0.8, 30)) with { RequestCores = 0.25, LimitCores = 0.5 });

        Recommendation r = model.Recommend(new RecommendationPolicy(), Intervals.T0.AddHours(2));

        // SLO limit 0.8 ⇒ request ≥ 0.8/2 = 0.4 (the per-minute 0.23·1.15 = 0.265 is too low); VPA derives 0.4·2 = 0.8.
        Assert.Equal(0.4, r.Cpu.RequestCores, 12);
        Assert.Equal(0.8, r.Cpu.LimitCores!.Value, 12);
        Assert.Equal(2.0, r.Evidence.LimitRequestRatio!.Value, 12);
        Assert.Contains(r.Evidence.Notes, n => n.Contains("request raised from 0.265 to 0.4", StringComparison.Ordinal));
        // At the current 0.5 limit 5 % of periods throttle; the stock VPA would keep ratio 2 on its target.
        // Demand weights are floats (2^-24 relative rounding each): the ratio is 0.05 to 1e-7, not to 1e-12.
        Assert.Equal(0.05, r.Evidence.AtCurrentLimit!.ThrottledPeriodsRatio, 7);
        Assert.NotNull(r.Evidence.AtBaselineLimit);
    }

    [Fact]
    public void Recommend_Bursty500mIn30PercentOfPeriods_RequestFromMinuteLimitFromPeriod()
    {
        // 180 of every minute's 600 periods at 0.5 core, the rest idle: each minute averages
        // 0.5·180/600 = 0.15 core. 1442 minutes ⇒ 1441 finished, d = 1 day.
        WorkloadModel model = Feed(1442, t => Intervals.Exact(t, 60, (0.0, 420), (0.5, 180)));

        Recommendation r = model.Recommend(RequestsOnly, Intervals.T0.AddDays(1));

        // Request = per-minute P90·1.15 = 0.15·1.15 = 0.1725 ⇒ 0.173 (whole millicores, rounded up);
        // upper = P95·1.15·(1 + 1/1) = 0.345; the per-period request would have been 0.5·1.15 = 0.575.
        // Limit: per period 30 % of periods need 0.5 > the 1 % SLO, so Q(0.99) = 0.5.
        Assert.Equal(0.15, r.Evidence.DemandAtRequestPercentileCores, 12);
        Assert.Equal(0.173, r.Cpu.RequestCores, 12);
        Assert.Equal(0.345, r.Cpu.UpperBoundCores, 12);
        Assert.Equal(0.5, r.Cpu.LimitCores!.Value, 12);
        Assert.True(r.Cpu.LimitCores >= r.Cpu.RequestCores);
        Assert.Equal(TimeSpan.FromMinutes(1), r.Evidence.RequestWindow);
        Assert.False(r.Evidence.RequestIncludesCensoredDemand);
        Assert.Equal(0, r.Evidence.CensoredMinutes);
    }

    [Fact]
    public void Recommend_AlwaysThrottledAt200mWith300msWaitPerSecond_RequestTakesTheBoundedCensoredStepNotTheWait()
    {
        // Limit 0.2, all 600 periods a minute throttled, 18 s of throttle wait a minute (0.3 s per
        // second; W/(T·period) = 18/(600·0.1) = 0.3 core per period).
        WorkloadModel model = Feed(120, t => Fakes.Demand.AllThrottled(t, limit: 0.2, meanExcess: 0.3, periods: 600) with { Duration = TimeSpan.FromSeconds(60) });

        Recommendation r = model.Recommend(RequestsOnly, Intervals.T0.AddHours(2));

        // μ = 0.3 capped at 0.2·(2 − 1)/2 = 0.1, the same for limit and request. Per-minute demand =
        // usage 0.2 + 0.1 = 0.3 core (the wait would have said 0.2 + 0.3) ⇒ request 0.345. Limit per
        // period: uniform on [0.2, 0.4], Q(0.99) = 0.398, above the request.
        Assert.Equal(0.3, r.Evidence.DemandAtRequestPercentileCores, 12);
        Assert.Equal(0.345, r.Cpu.RequestCores, 12);
        Assert.Equal(0.398, r.Cpu.LimitCores!.Value, 12);
        Assert.True(r.Evidence.RequestIncludesCensoredDemand);
        Assert.Equal(119, r.Evidence.CensoredMinutes);
        Assert.Contains(r.Evidence.Notes, n => n.Contains("includes 119 minutes the limit held back in every period", StringComparison.Ordinal));
    }

    [Fact]
    public void Recommend_ThreeThreadsThrottledInHalfThePeriodsCatchingUp_RequestFollowsWorkDoneNotWait()
    {
        // 1 s intervals at a 0.4 limit: 5 of 10 periods throttled, usage 0.4 core, and three threads
        // waiting 0.75 s of every second between them; every interval has unthrottled periods, so the
        // work the limit deferred was done within it. 30 minutes.
        WorkloadModel model = new();
        for (int s = 1; s <= 1800; s++)
        {
            Assert.Empty(model.Add(new WorkloadInterval
            {
                Time = Intervals.T0.AddSeconds(s),
                Duration = TimeSpan.FromSeconds(1),
                UsageCores = 0.4,
                PeriodUsage = [new UsageBucket(0.3, 0.3, 5), new UsageBucket(0.5, 0.5, 5)],
                Periods = 10,
                ThrottledPeriods = 5,
                ThrottleWaitSeconds = 0.75,
                LimitCores = 0.4,
            }));
        }

        Recommendation r = model.Recommend(RequestsOnly, Intervals.T0.AddHours(1));

        // Every minute: 24 CPU-seconds in 60 s = 0.4 core ⇒ request 0.4·1.15 = 0.46. Counting the wait
        // as demand gave 0.4 + min(0.75, 0.4) = 0.8 ⇒ 0.92, twice what the workload does.
        Assert.Equal(0.4, r.Evidence.DemandAtRequestPercentileCores, 12);
        Assert.Equal(0.46, r.Cpu.RequestCores, 12);
        Assert.False(r.Evidence.RequestIncludesCensoredDemand);
        Assert.Equal(0, r.Evidence.CensoredMinutes);
    }

    [Fact]
    public void Recommend_NoFinishedMinute_FallsBackToPerPeriodDemandAndSaysSo()
    {
        // One interval: its minute is still open, so only per-period demand exists (0.5 in 30 % of periods).
        WorkloadModel model = Feed(1, t => Intervals.Exact(t, 60, (0.0, 420), (0.5, 180)));

        Recommendation r = model.Recommend(RequestsOnly, Intervals.T0.AddHours(1));

        // Per-period P90 = 0.5 ⇒ 0.575.
        Assert.Equal(0.575, r.Cpu.RequestCores, 12);
        Assert.Equal(TimeSpan.FromSeconds(0.1), r.Evidence.RequestWindow);
        Assert.Contains(r.Evidence.Notes, n => n.Contains("no minute has finished yet", StringComparison.Ordinal));
    }

    [Fact]
    public void Recommend_NoLimitPolicy_HasNoLimit()
    {
        WorkloadModel model = Feed(30, t => Intervals.Exact(t, 60, (0.3, 600)));

        Recommendation r = model.Recommend(RequestsOnly with { LimitMode = LimitMode.NoLimit }, Intervals.T0.AddHours(1));

        Assert.Null(r.Cpu.LimitCores);
        Assert.Null(r.Evidence.SloLimitCores);
    }

    [Fact]
    public void Recommend_MaxAllowed_CapsRequestKeepsUncapped()
    {
        WorkloadModel model = Feed(60, t => Intervals.Exact(t, 60, (1.0, 600)));

        Recommendation r = model.Recommend(RequestsOnly with { MaxCpuCores = 0.5 }, Intervals.T0.AddHours(1));

        Assert.Equal(0.5, r.Cpu.RequestCores, 12);
        Assert.Equal(1.15, r.Cpu.UncappedTargetCores, 12);
        Assert.Equal(0.5, r.Cpu.LimitCores!.Value, 12);
        Assert.False(r.Evidence.SloMet);
    }

    [Fact]
    public void Recommend_HighContentionWait_ExplainsThatALimitWillNotHelp()
    {
        long[] waits = new long[27];
        waits[14] = 50; // [16.4, 32.8) ms
        WorkloadModel model = Feed(10, t => Intervals.Exact(t, 60, (0.3, 600)) with { ContentionWait = waits });

        Recommendation r = model.Recommend(RequestsOnly, Intervals.T0.AddHours(1));

        Assert.True(r.Evidence.ContentionWaitP99Seconds > 0.016);
        Assert.Contains("limit change will not fix it", r.Evidence.ContentionNote, StringComparison.Ordinal);
    }

    [Fact]
    public void Recommend_Memory_P95OfDailyPeaksWithMarginAndOomBump()
    {
        const long MiB = 1024 * 1024;
        WorkloadModel model = Feed(30, t => Intervals.Exact(t, 60, (0.1, 600)) with { MemoryBytes = 300 * MiB, MemoryPeakBytes = 320 * MiB });
        long before = model.Recommend(RequestsOnly, Intervals.T0.AddHours(1)).Memory.RequestBytes;
        model.Add(Intervals.Exact(Intervals.T0.AddMinutes(31), 60, (0.1, 600)) with { MemoryBytes = 300 * MiB, MemoryPeakBytes = 320 * MiB, OomKills = 1 });

        Recommendation r = model.Recommend(RequestsOnly with { MemoryLimit = MemoryLimitMode.EqualToRequest }, Intervals.T0.AddHours(1));

        // One window, peak 320 MiB ⇒ its 1 % bucket edge × 1.15 ≈ 368 MiB. After the OOM: used 320 MiB ⇒
        // max(420, 384) = 420 MiB peak ⇒ ≈ 483 MiB.
        Assert.InRange(before, (long)(320 * MiB * 1.15), (long)(320 * MiB * 1.15 * 1.011));
        Assert.InRange(r.Memory.RequestBytes, (long)(420 * MiB * 1.15), (long)(420 * MiB * 1.15 * 1.011));
        Assert.Equal(r.Memory.RequestBytes, r.Memory.LimitBytes);
    }

    [Fact]
    public void Add_InvalidOrOutOfOrder_LeavesModelUntouched()
    {
        WorkloadModel model = Feed(5, t => Intervals.Exact(t, 60, (0.3, 600)));
        long count = model.IntervalCount;

        IReadOnlyList<string> nan = model.Add(Intervals.Exact(Intervals.T0.AddHours(1), 60, (0.3, 600)) with { UsageCores = double.NaN });
        IReadOnlyList<string> old = model.Add(Intervals.Exact(Intervals.T0, 60, (0.3, 600)));

        Assert.NotEmpty(nan);
        Assert.Contains("not newer", Assert.Single(old), StringComparison.Ordinal);
        Assert.Equal(count, model.IntervalCount);
    }

    [Fact]
    public void Recommend_InvalidPolicy_ListsEveryProblem()
    {
        var error = Assert.Throws<ArgumentException>(() => new WorkloadModel().Recommend(new RecommendationPolicy { RequestPercentile = 1.5, SafetyMargin = -1, MinCpuCores = 2, MaxCpuCores = 1 }, Intervals.T0));

        Assert.Contains(nameof(RecommendationPolicy.RequestPercentile), error.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(RecommendationPolicy.SafetyMargin), error.Message, StringComparison.Ordinal);
        Assert.Contains("exceeds", error.Message, StringComparison.Ordinal);
    }
}
