using KernelTruth.Simulations.Replay;
using KernelTruth.Simulations.Trace;

namespace KernelTruth.Simulations.Tests.Replay;

public sealed class DemandReconstructionTests
{
    internal static CgroupTrace Trace(long? quotaUs, params PeriodRecord[] records) => new()
    {
        Path = "/test",
        PeriodUs = 100_000,
        PeriodCount = records.Length == 0 ? 1 : records[^1].Index + 1,
        QuotaUs = quotaUs,
        Cpus = 4,
        Periods = records,
    };

    [Fact]
    public void FromTrace_ThrottledPeriod_HiddenDemandReadFromNextPeriod()
    {
        // quota 20 ms; recorded 20 (throttled, 80 ms throttled time), 10, 0.
        // hidden = min(10, 80) = 10 ⇒ arrivals 30, 10 − 10 = 0, 0.
        var trace = Trace(20_000, new(0, 20_000, true, 80_000, 20_000), new(1, 10_000, false, 0, 20_000), new(2, 0, false, 0, 20_000));
        var demand = DemandReconstruction.FromTrace(trace, new List<string>());

        Assert.Equal(new[] { 0.030, 0.0, 0.0 }, demand.ArrivalsSeconds, (a, b) => Math.Abs(a - b) < 1e-12);
        Assert.Equal(1, demand.Censoring.CensoredPeriods);
        Assert.Equal(0.2, demand.Censoring.RecordedLimitCores);
    }

    [Fact]
    public void FromTrace_ReplayAtRecordedLimit_ReproducesRecordedThrottling()
    {
        var trace = Trace(20_000, new(0, 20_000, true, 80_000, 20_000), new(1, 10_000, false, 0, 20_000), new(2, 0, false, 0, 20_000));
        var p = LimitEffect.Predict(trace, 0.2, 0, null);

        Assert.Equal(1, p.ThrottledPeriods);
    }

    [Fact]
    public void FromTrace_RunOfThrottledPeriods_WholeBacklogGoesToItsStart()
    {
        // quota 25: recorded 25 (throttled), 25 (throttled), 10 ⇒ h_1 = 10, h_0 = 25 + 10 = 35 ⇒ arrivals 60, 0, 0.
        var trace = Trace(25_000, new(0, 25_000, true, 150_000, 25_000), new(1, 25_000, true, 150_000, 25_000), new(2, 10_000, false, 0, 25_000));
        var demand = DemandReconstruction.FromTrace(trace, new List<string>());

        Assert.Equal(new[] { 0.060, 0.0, 0.0 }, demand.ArrivalsSeconds, (a, b) => Math.Abs(a - b) < 1e-12);
    }

    [Fact]
    public void FromTrace_ThrottledTimeSmallerThanNextUsage_HiddenCappedByThrottledTime()
    {
        // hidden = min(next usage 15, throttled 4) = 4 ⇒ arrivals 24, 11.
        var trace = Trace(20_000, new(0, 20_000, true, 4_000, 20_000), new(1, 15_000, false, 0, 20_000));
        var demand = DemandReconstruction.FromTrace(trace, new List<string>());

        Assert.Equal(new[] { 0.024, 0.011 }, demand.ArrivalsSeconds, (a, b) => Math.Abs(a - b) < 1e-12);
    }

    [Fact]
    public void FromTrace_MissingTimerRecords_AreIdlePeriods()
    {
        var trace = Trace(50_000, new(0, 10_000, false, 0, 50_000), new(3, 10_000, false, 0, 50_000));
        var demand = DemandReconstruction.FromTrace(trace, new List<string>());

        Assert.Equal(new[] { 0.01, 0, 0, 0.01 }, demand.ArrivalsSeconds);
    }

    [Fact]
    public void FromTrace_Gap_UnknownPeriodsAndWarningWithCount()
    {
        var trace = Trace(20_000, new(0, 20_000, true, 5_000, 20_000), new(3, 1_000, false, 0, 20_000)) with { Gaps = [new PeriodGap(1, 3, "records lost")] };
        var warnings = new List<string>();
        var demand = DemandReconstruction.FromTrace(trace, warnings);

        Assert.True(double.IsNaN(demand.ArrivalsSeconds[1]) && double.IsNaN(demand.ArrivalsSeconds[2]));
        Assert.Contains(warnings, w => w.Contains("2 of 4 periods have no data (records lost)", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("1 throttled periods are followed by no data", StringComparison.Ordinal));
        Assert.Equal(0.020, demand.ArrivalsSeconds[0], 12); // hidden taken as 0: a lower estimate
    }

    [Fact]
    public void ConfidenceAt_TenPercentCensored_HalfWeightAtOrBelowRecordedLimit()
    {
        // 1 of 10 periods censored: ≤ recorded limit 1 − 0.5 × 0.1 = 0.95; above 1 − 0.1 = 0.90.
        var c = new CensoringInfo(0.5, 1, 10);

        Assert.Equal(0.95, c.ConfidenceAt(0.4), 12);
        Assert.Equal(0.90, c.ConfidenceAt(0.6), 12);
        Assert.Equal(1.0, CensoringInfo.None(10).ConfidenceAt(0.1));
    }

    [Fact]
    public void Coarsen_Factor2_SumsPairsAndRejectsPeriodLongerThanTrace()
    {
        var demand = new DemandSeries(0.1, [0.01, 0.02, 0.03, 0.04, 0.05], 2, CensoringInfo.None(5));
        var coarse = DemandReconstruction.Coarsen(demand, 2);

        Assert.Equal(0.2, coarse.PeriodSeconds, 12);
        Assert.Equal(new[] { 0.03, 0.07 }, coarse.ArrivalsSeconds, (a, b) => Math.Abs(a - b) < 1e-12);
        var ex = Assert.Throws<ArgumentException>(() => DemandReconstruction.Coarsen(demand, 6));
        Assert.Contains("longer than the trace", ex.Message, StringComparison.Ordinal);
    }
}
