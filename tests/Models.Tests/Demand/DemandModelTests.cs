using KernelTruth.Models.Demand;
using KernelTruth.Models.Input;
using KernelTruth.Models.Tests.Fakes;
using MathNet.Numerics.Distributions;

namespace KernelTruth.Models.Tests.Demand;

public class DemandModelTests
{
    [Fact]
    public void Quantile_ExactPeriods_ReturnsObservedGridValues()
    {
        DemandModel model = Fakes.Demand.Exact((0.2, 95), (0.8, 5));

        // Cumulative: 95 % at 0.2, 100 % at 0.8.
        Assert.Equal(new DemandQuantile(0.2, QuantileBasis.Observed), model.Quantile(0.9));
        Assert.Equal(new DemandQuantile(0.2, QuantileBasis.Observed), model.Quantile(0.95));
        Assert.Equal(new DemandQuantile(0.8, QuantileBasis.Observed), model.Quantile(0.96));
        // Mean = 0.95·0.2 + 0.05·0.8 = 0.23.
        Assert.Equal(0.23, model.Mean, 12);
    }

    [Fact]
    public void ExceedanceProbability_ExactPeriods_CountsStrictlyAbove()
    {
        DemandModel model = Fakes.Demand.Exact((0.2, 95), (0.8, 5));

        Assert.Equal(1.0, model.ExceedanceProbability(0.1), 12);
        Assert.Equal(0.05, model.ExceedanceProbability(0.2), 12);
        Assert.Equal(0.05, model.ExceedanceProbability(0.7999), 12);
        Assert.Equal(0.0, model.ExceedanceProbability(0.8), 12);
    }

    [Fact]
    public void Add_SensorBucket_CountsAtItsUpperBoundRoundedUpToAMillicore()
    {
        DemandModel model = Fakes.Demand.Model();
        model.Add(Fakes.Demand.Shape, Intervals.Exact(Intervals.T0, 10) with { PeriodUsage = [new UsageBucket(0.29696, 0.3072, 100)] });

        // [0.29696, 0.3072) is counted at 0.3072 ⇒ 0.308 on the millicore grid: never below what the kernel saw.
        Assert.Equal(0.308, model.Quantile(0.5).Cores, 12);
    }

    [Fact]
    public void Quantile_AllPeriodsThrottled_SpreadsUpToTwiceTheLimit()
    {
        DemandModel model = Fakes.Demand.Model();
        model.Add(Fakes.Demand.Shape, Fakes.Demand.AllThrottled(Intervals.T0, limit: 0.2, meanExcess: 0.1));

        // W/(T·period) = 1 s/(100·0.1 s) = 0.1 core, at the cap L·(2 − 1)/2 = 0.1: uniform on [0.2, 0.4].
        // p99 = 0.2 + 0.2·0.99 = 0.398; p90 = 0.2 + 0.2·0.9 = 0.38.
        DemandQuantile p99 = model.Quantile(0.99);
        Assert.Equal(0.398, p99.Cores, 7);
        Assert.Equal(QuantileBasis.Extrapolated, p99.Basis);
        Assert.Equal(0.38, model.Quantile(0.9).Cores, 7);
        Assert.Equal(1.0, model.CensoredShare, 12);
        // Mean = L + μ = 0.3; everything is above the limit and nothing above 2L.
        Assert.Equal(0.3, model.Mean, 12);
        Assert.Equal(1.0, model.ExceedanceProbability(0.2), 12);
        Assert.Equal(0.5, model.ExceedanceProbability(0.3, out bool extrapolated), 12);
        Assert.True(extrapolated);
        Assert.Equal(0.0, model.ExceedanceProbability(0.4), 12);
    }

    [Fact]
    public void Quantile_ThrottleWaitFarAboveTheCap_ReachesAtMostTwiceTheLimit()
    {
        DemandModel model = Fakes.Demand.Model();
        // A thread throttled after its 15 ms waits out the period (85 ms) whatever work it has left:
        // W/(T·period) = 0.85 core, capped at 0.15·(2 − 1)/2 = 0.075 ⇒ uniform on [0.15, 0.30].
        model.Add(Fakes.Demand.Shape, Fakes.Demand.AllThrottled(Intervals.T0, limit: 0.15, meanExcess: 0.85));

        Assert.Equal(0.15 + (0.15 * 0.99), model.Quantile(0.99).Cores, 7);
        Assert.Equal(0.0, model.ExceedanceProbability(0.3), 12);
    }

    [Fact]
    public void Quantile_HalfThrottled_ExactBelowAndExtrapolatedAbove()
    {
        DemandModel model = Fakes.Demand.Model();
        // 100 periods: 50 unthrottled at 0.1, 50 throttled at the limit 0.2 with W = 0.5 s ⇒ μ = 0.5/(50·0.1) = 0.1.
        model.Add(Fakes.Demand.Shape, new WorkloadInterval
        {
            Time = Intervals.T0,
            Duration = TimeSpan.FromSeconds(10),
            UsageCores = 0.15,
            PeriodUsage = [new UsageBucket(0.1, 0.1, 50), new UsageBucket(0.19, 0.2, 50)],
            Periods = 100,
            ThrottledPeriods = 50,
            ThrottleWaitSeconds = 0.5,
            LimitCores = 0.2,
        });

        Assert.Equal(new DemandQuantile(0.1, QuantileBasis.Observed), model.Quantile(0.4));
        // p = 0.75 needs half of the censored 50 %, uniform on [0.2, 0.4] (μ = 0.1 is at the cap): 0.3.
        DemandQuantile q = model.Quantile(0.75);
        Assert.Equal(0.3, q.Cores, 7);
        Assert.Equal(QuantileBasis.Extrapolated, q.Basis);
        Assert.Equal(0.5, model.CensoredShare, 12);
    }

    [Fact]
    public void Quantile_Empty_ReportsNoData()
    {
        Assert.Equal(new DemandQuantile(0, QuantileBasis.NoData), Fakes.Demand.Model().Quantile(0.9));
        Assert.Equal(0.0, Fakes.Demand.Model().ExceedanceProbability(0.1));
    }

    [Fact]
    public void Add_OlderHistory_DecaysWithHalfLife()
    {
        DemandModel model = Fakes.Demand.Model();
        model.Add(Fakes.Demand.Shape, Intervals.Exact(Intervals.T0, 10, (0.1, 100)));
        model.Add(Fakes.Demand.Shape, Intervals.Exact(Intervals.T0.AddDays(2), 10, (0.5, 100)));

        // Weights 100 and 100·2^2 = 400: P(d > 0.1) = 400/500 = 0.8.
        Assert.Equal(0.8, model.ExceedanceProbability(0.1), 12);
    }
}
