using KernelTruth.Cli.Observing;
using static KernelTruth.Cli.Tests.Fakes.Snapshots;

namespace KernelTruth.Cli.Tests.Observing;

public sealed class CgroupWindowTests
{
    [Fact]
    public void Between_TenSecondsThrottled_AveragesAndRatios()
    {
        var w = CgroupWindow.Between(Throttled(0), 1 * Second, Throttled(10), 11 * Second);

        Assert.NotNull(w);
        Assert.Equal(10, w.Seconds, 9);
        Assert.Equal(0.19, w.UsageCores, 9);              // 1.9 s of CPU in 10 s
        Assert.Equal(100, w.Periods);
        Assert.Equal(80, w.ThrottledPeriods);
        Assert.Equal(0.8, w.ThrottledPeriodsRatio, 9);
        Assert.Equal(0.64, w.ThrottleWaitPerSecond, 9);    // 80 waits × 80 ms / 10 s
        Assert.Equal(0.131072, w.ThrottleWaitP99Seconds, 9); // slot 16 (65–131 ms): its upper edge 2^17 µs
        Assert.Equal(0.000064, w.ContentionWaitP99Seconds, 9); // slot 5: 2^6 µs
        Assert.Equal(18, w.SwitchesPerSecond, 9);          // 10 voluntary + 8 involuntary per second
    }

    [Fact]
    public void Between_SensorRetrackedTheCgroup_Null()
    {
        Assert.Null(CgroupWindow.Between(Throttled(5), 1 * Second, Throttled(1, trackedSince: 2), 2 * Second));
    }
}
