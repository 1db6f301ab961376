using KernelTruth.Models.Demand;
using KernelTruth.Models.Throttling;
using KernelTruth.Models.Tests.Fakes;

namespace KernelTruth.Models.Tests.Throttling;

public class LimitSearchTests
{
    private const double Period = 0.1;

    private static SloLimit Find(DemandModel d, double ratio, double waitSeconds = 0.010) =>
        LimitSearch.Find(d, ratio, waitSeconds, 0.99, burstCores: 0, Period, minCores: 0, maxCores: 1000);

    [Fact]
    public void Find_30msBurstEvery100ms_LimitIs300Millicores()
    {
        // 30 ms of CPU in every 100 ms period = 0.3 core demand in 100 % of periods. Grid: whole
        // millicores; 0.3 is a grid point, so the smallest limit with P(d > L) ≤ 1 % is exactly 0.300.
        DemandModel d = Fakes.Demand.Exact((0.3, 100));

        SloLimit limit = Find(d, 0.01);

        Assert.Equal(0.3, limit.LimitCores, 12);
        Assert.True(limit.SloMet);
        Assert.Equal(0.0, limit.Prediction.ThrottledPeriodsRatio);
        // One millicore less throttles every period.
        Assert.Equal(1.0, new ThrottleModel(d).Predict(0.299, 0, Period).ThrottledPeriodsRatio);
    }

    [Fact]
    public void Find_95PercentAt200m5PercentAt800m_OnePercentNeeds800m()
    {
        DemandModel d = Fakes.Demand.Exact((0.2, 95), (0.8, 5));

        // P(d > L) ≤ 1 % ⇒ L ≥ Q(0.99) = 0.8.
        Assert.Equal(0.8, Find(d, 0.01).LimitCores, 12);
    }

    [Fact]
    public void Find_95PercentAt200m5PercentAt800m_TenPercentWithTheWaitSlo_700m()
    {
        DemandModel d = Fakes.Demand.Exact((0.2, 95), (0.8, 5));

        // P(d > 0.7) = 5 % ≤ 10 %; wait p99 at L is (0.8 − L)·0.1 s ≤ 0.01 s ⇒ L ≥ 0.7. Replayed at 0.7 a
        // burst leaves 0.01 CPU-s, which the next period (0.2 + 0.1 ≤ 0.7) absorbs: still ≈ 5 %.
        SloLimit limit = Find(d, 0.10);

        Assert.Equal(0.7, limit.LimitCores, 12);
        Assert.Equal(0.7, limit.PerPeriodLimitCores, 12);
    }

    [Fact]
    public void Find_95PercentAt200m5PercentAt800m_TenPercentWithoutTheWaitSlo_CarryOverRaisesItAboveTheMean()
    {
        DemandModel d = Fakes.Demand.Exact((0.2, 95), (0.8, 5));

        // Each period alone: P(d > 0.2) = 5 % ≤ 10 % ⇒ 0.200. But 0.2 is below the mean demand
        // 0.95·0.2 + 0.05·0.8 = 0.23: the backlog never drains and the replay throttles almost every period.
        SloLimit limit = Find(d, 0.10, waitSeconds: 1.0);
        var ordered = DemandReplay.Ordered(d);

        Assert.Equal(0.2, limit.PerPeriodLimitCores, 12);
        Assert.True(DemandReplay.Predict(ordered, 0.2, 0, Period).ThrottledPeriodsRatio > 0.9);
        // Above the mean: a burst (0.8) leaves 0.8 − L, and the next period (0.2 + 0.8 − L) is throttled
        // again while that exceeds L, i.e. L < 0.5; each burst then throttles two periods ≈ 10 %.
        Assert.InRange(limit.LimitCores, 0.23, 0.5);
        Assert.True(limit.SloMet);
        Assert.True(DemandReplay.Predict(ordered, limit.LimitCores, 0, Period).ThrottledPeriodsRatio <= 0.10);
        Assert.True(DemandReplay.Predict(ordered, limit.LimitCores - 0.001, 0, Period).ThrottledPeriodsRatio > 0.10);
    }

    [Fact]
    public void Find_AllThrottledAt200mWithMeanExcess100m_ExtrapolatesAbove200m()
    {
        DemandModel d = Fakes.Demand.Model();
        d.Add(Fakes.Demand.Shape, Fakes.Demand.AllThrottled(Intervals.T0, limit: 0.2, meanExcess: 0.1));

        SloLimit limit = Find(d, 0.01);

        // μ = 0.1 at the cap ⇒ uniform on [0.2, 0.4]: Q(0.99) = 0.2 + 0.2·0.99 = 0.398.
        Assert.Equal(0.398, limit.LimitCores, 12);
        Assert.True(limit.Prediction.Extrapolated);
        Assert.True(limit.Prediction.ThrottledPeriodsRatio <= 0.01 + 1e-9); // 1 − 0.198/0.2 in floats: 0.01 + noise
    }

    [Fact]
    public void Find_MaxBelowTheSloLimit_ReportsSloMissed()
    {
        DemandModel d = Fakes.Demand.Exact((0.2, 95), (0.8, 5));

        SloLimit limit = LimitSearch.Find(d, 0.01, 0.01, 0.99, 0, Period, 0, maxCores: 0.5);

        Assert.Equal(0.5, limit.LimitCores, 12);
        Assert.Equal(0.8, limit.UncappedLimitCores, 12);
        Assert.False(limit.SloMet);
    }

    [Fact]
    public void Find_WithBurst_BurstCannotCarrySteadyDemand()
    {
        DemandModel d = Fakes.Demand.Exact((0.3, 100));

        // Each period alone, the burst taken as always full: L + 0.05 ≥ 0.3 ⇒ 0.25. Replayed, the burst
        // bucket empties in the first period and steady 0.3 leaves no unused quota to refill it ⇒ 0.300.
        SloLimit limit = LimitSearch.Find(d, 0.01, 0.01, 0.99, 0.05, Period, 0, 1000);

        Assert.Equal(0.25, limit.PerPeriodLimitCores, 12);
        Assert.Equal(0.3, limit.LimitCores, 12);
    }

    [Fact]
    public void Find_WithBurst_RareBurstsRideOnTheBurst()
    {
        DemandModel d = Fakes.Demand.Exact((0.1, 98), (0.35, 2));

        // Q(0.99) = 0.35 ⇒ each period alone, with the 0.05 burst: L = 0.30. Between the 0.35 periods the
        // unused quota (0.2 a period) refills the bucket, so the replay agrees: 0.30 + 0.05 serves 0.35.
        SloLimit limit = LimitSearch.Find(d, 0.01, 0.01, 0.99, 0.05, Period, 0, 1000);

        Assert.Equal(0.3, limit.PerPeriodLimitCores, 12);
        Assert.Equal(0.3, limit.LimitCores, 12);
        Assert.True(DemandReplay.Predict(DemandReplay.Ordered(d), limit.LimitCores, 0.05, Period).ThrottledPeriodsRatio <= 0.01);
    }

    [Fact]
    public void Predict_95At200m5At800m_WaitP99Is60msAt200m()
    {
        DemandModel d = Fakes.Demand.Exact((0.2, 95), (0.8, 5));

        ThrottlePrediction p = new ThrottleModel(d).Predict(0.2, 0, Period);

        // Ratio 5 %; wait p50 0 (median period is not throttled); p99 = (0.8 − 0.2)·0.1 s = 60 ms.
        Assert.Equal(0.05, p.ThrottledPeriodsRatio, 12);
        Assert.Equal(0.0, p.ThrottleWaitP50Seconds, 12);
        Assert.Equal(0.060, p.ThrottleWaitP99Seconds, 12);
        Assert.False(p.Extrapolated);
    }
}
