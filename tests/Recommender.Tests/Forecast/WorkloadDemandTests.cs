using KernelTruth.Recommender.Forecast;
using KernelTruth.Recommender.Tests.Fakes;
using KernelTruth.Simulations.Forecast;

namespace KernelTruth.Recommender.Tests.Forecast;

public sealed class WorkloadDemandTests
{
    [Fact]
    public void RetainedBytes_NewWorkload_IsWhatItAllocates()
    {
        // The object (history, sums, guard and published forecast inline); no ring and no example yet.
        var history = new DemandHistory();

        long allocated = Allocated.By(() => new WorkloadDemand(history));

        Assert.Equal(new WorkloadDemand(history).RetainedBytes, allocated);
    }

    [Fact]
    public void ObjectBytes_NewWorkload_OneObjectOf680BytesHistoryGuardAndStateInline()
    {
        // 16 + 576 (the history's fields) + 8 (what is in flight) + 24 (sums) + 16 (guard) + 40 (published) = 680. With
        // the history's fields at 582 (padded to 584), references to the ring and the example apart (8 more), the
        // example's level and minute here (16), the sums' flags beside them (8) and the published minute and error kept
        // again (16) it was 736; the three objects apart allocated 600 + 176 + 32 = 808 for a workload, the constructor
        // of that layout 176 + 32 here (its history came from outside): none is 680.
        long allocated = Allocated.By(() => new WorkloadDemand());

        Assert.Equal(680, allocated);
        Assert.Equal(WorkloadDemand.ObjectBytes, allocated);
    }

    [Fact]
    public void Constructor_RestoredHistoryAndGuard_SameAnswersAndSameFutureAsTheHistorySaved()
    {
        // Nine days of a daily wave (1 + sin, in cores) with a gap, then the copy and the original fed the same 3 hours more.
        var history = new DemandHistory();
        for (long m = 0; m < 9 * 1440; m += m % 1000 == 999 ? 7 : 1)
        {
            history.Add(m, Wave(m));
        }

        var guard = new ForecastGuard();
        guard.Observe(1.1, 1.0);
        guard.Observe(2.4, 2.0);
        var demand = new WorkloadDemand(history, guard);

        Assert.Equal(history.ToBytes(), demand.ToBytes());
        Assert.Equal(guard.ToBytes(), demand.Guard.ToBytes());
        for (long m = 9 * 1440; m < (9 * 1440) + 180; m++)
        {
            history.Add(m, Wave(m));
            demand.Add(m, Wave(m));
            Assert.Equal((history.Recent(0), history.Recent(29), history.Seasonal(m + 2), history.Level()), (demand.Recent(0), demand.Recent(29), demand.Seasonal(m + 2), demand.Level()));
        }

        Assert.Equal(history.ToBytes(), demand.ToBytes());
        Assert.Equal(history.HoursCovered, demand.HoursCovered);

        static double Wave(long minute) => 1 + Math.Sin(minute * 2 * Math.PI / 1440);
    }

    [Fact]
    public void Constructor_NoGuardSaved_GuardStartsAfresh()
    {
        var demand = new WorkloadDemand(new DemandHistory());

        Assert.Equal((0, 0.0, false), (demand.Guard.Matured, demand.Guard.Error, demand.Guard.Trusted));
    }

    [Fact]
    public void Published_NothingThenAValue_NullThenTheSameValue()
    {
        var demand = new WorkloadDemand();
        Assert.False(demand.Published.Made);
        Assert.Null(demand.Forecast());

        demand.Add(100, 1.5);
        var published = new PublishedDemand(1.5, null, 75, ReactiveReasonKind.HistoryShort, 3);
        demand.Published = published;

        Assert.Equal(published, demand.Published);
        Assert.Equal(published.ToForecast(100, 0), demand.Forecast());
    }

    [Fact]
    public void Forecast_TooFarOffAtAMinute_MadeAtTheHistorysLastMinuteWithTheGuardsError()
    {
        // Forecast 2 cores for minute 101, which turns out 1.25: error |2 − 1.25| / 1.25 = 0.6 ⇒ "60 % off". The record
        // is made at minute 101 (1970-01-01 01:41 UTC) with that error, neither kept in the published numbers.
        var demand = new WorkloadDemand(new DemandHistory());
        demand.Expect(101, 2.0, horizonMinutes: 2);
        demand.Add(101, 1.25);
        demand.Matured(101, 1.25);
        demand.Published = new PublishedDemand(1.25, 1.9, 75, ReactiveReasonKind.TooFarOff);

        var f = demand.Forecast()!;

        Assert.Equal(DateTimeOffset.UnixEpoch.AddMinutes(101), f.MadeAt);
        Assert.Equal("recent forecasts were 60 % off, above the 25 % allowed", f.Reason);
        Assert.Equal((1.25, 1.9, ForecastSources.Reactive), (f.Cores, f.PredictedCores, f.Source));
    }

    [Fact]
    public void RetainedBytes_HorizonTwoAndAnExampleWaiting_RingAndFeaturesCounted()
    {
        // What is in flight: 80 (its object, the example's features inline); ring of 2 × (8 + 4) + 24 = 48.
        var demand = new WorkloadDemand(new DemandHistory());
        int empty = demand.RetainedBytes;
        demand.Expect(100, 1.0, horizonMinutes: 2);
        demand.StartInFlight().Wait(new float[ForecastFeatures.Count], 1, 102);

        Assert.Equal(empty + 80 + 48, demand.RetainedBytes);
    }

    [Fact]
    public void Matured_ForecastInFlight_ScoredOnceThenForgotten()
    {
        // Forecast 2 cores for minute 101, which turns out 1.6: error |2 − 1.6| / 1.6 = 0.25.
        var demand = new WorkloadDemand(new DemandHistory());
        demand.Expect(101, 2.0, horizonMinutes: 2);
        demand.Matured(100, 1.0); // no forecast was made for minute 100
        Assert.Equal(0, demand.Guard.Matured);

        demand.Matured(101, 1.6);
        demand.Matured(101, 1.6);

        Assert.Equal(1, demand.Guard.Matured);
        Assert.Equal(0.25, demand.Guard.Error, 9);
    }
}
