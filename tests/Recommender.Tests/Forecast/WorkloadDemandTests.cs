using KernelTruth.Recommender.Forecast;
using KernelTruth.Simulations.Forecast;

namespace KernelTruth.Recommender.Tests.Forecast;

public sealed class WorkloadDemandTests
{
    [Fact]
    public void RetainedBytes_NewWorkload_IsWhatItAllocates()
    {
        // The object (sums and published forecast inline) and its guard; no ring and no example yet.
        var history = new DemandHistory();
        _ = new WorkloadDemand(history); // the type loaded and its constructor compiled before counting
        long before = GC.GetAllocatedBytesForCurrentThread();
        var demand = new WorkloadDemand(history);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        GC.KeepAlive(demand);
        Assert.Equal(demand.RetainedBytes, allocated);
    }

    [Fact]
    public void RetainedBytes_HorizonTwoAndAnExampleWaiting_RingAndFeaturesCounted()
    {
        // Ring of 2 × (8 + 4, padded to 16) + 24 = 56; 9 features × 4 + 24 = 60.
        var demand = new WorkloadDemand(new DemandHistory());
        int empty = demand.RetainedBytes;
        demand.Expect(100, 1.0, horizonMinutes: 2);
        demand.ExampleFeatures = new float[ForecastFeatures.Count];

        Assert.Equal(empty + 56 + 60, demand.RetainedBytes);
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
