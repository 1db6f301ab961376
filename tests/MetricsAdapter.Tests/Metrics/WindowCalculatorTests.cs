using KernelTruth.MetricsAdapter.Metrics;
using KernelTruth.MetricsAdapter.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace KernelTruth.MetricsAdapter.Tests.Metrics;

public class WindowCalculatorTests
{
    [Fact]
    public void Ingest_TenSeconds_SumsEveryInterval()
    {
        var calc = new WindowCalculator(TimeSpan.FromSeconds(60), NullLogger.Instance);
        for (int t = 0; t <= 10; t++)
        {
            calc.Ingest(Snapshots.Node(t, Snapshots.Cgroup(1, "/web", t, 0.3, periods: 10, throttled: 3)));
        }

        var (_, cgroup, window) = Assert.Single(calc.Current(Snapshots.WallAt(10)));
        var sums = window.Sum(0.5)!;
        Assert.Equal("/web", cgroup.Path);
        // 10 intervals of 1 s (the first snapshot is the baseline): 30 of 100 periods throttled.
        Assert.Equal(10, sums.WindowSeconds, 6);
        Assert.Equal(Snapshots.WallAt(10), sums.Timestamp);
        Assert.Equal(0.3, sums.Value(MetricNames.ThrottledPeriodsRatio)!.Value, 12);
        Assert.Equal(1.024e-3, sums.Value(MetricNames.ThrottleWaitP99)!.Value, 9); // slot 9 upper edge
        Assert.Equal(64e-6, sums.Value(MetricNames.ContentionWaitP99)!.Value, 9); // slot 5 upper edge
        // usage 0.3 + throttle wait 3 × 1 ms per second = 0.303 cores; / 0.5 request = 0.606.
        Assert.Equal(0.303, sums.Value(MetricNames.DemandCores)!.Value, 6);
        Assert.Equal(0.606, sums.Value(MetricNames.DemandUtilization)!.Value, 6);
    }

    [Fact]
    public void Ingest_PastWindow_OldIntervalsDropped()
    {
        var calc = new WindowCalculator(TimeSpan.FromSeconds(5), NullLogger.Instance);
        for (int t = 0; t <= 10; t++)
        {
            // Throttled only in the first five seconds: a 5 s window at t = 10 holds t = 6..10, none throttled.
            ulong throttled = t <= 5 ? 3UL * (ulong)t : 15;
            var c = Snapshots.Cgroup(1, "/web", t, 0.3, periods: 10, throttled: 0) with { Limit = new(50_000, 100_000, 0, 0.5) };
            c = c with
            {
                CpuStat = c.CpuStat! with { NrThrottled = throttled, ThrottledNs = throttled * 1_000_000 },
                Sched = c.Sched with { ThrottleWait = new(throttled, throttled * 1_000_000, [.. Enumerable.Repeat(0UL, 9), throttled]) },
            };
            calc.Ingest(Snapshots.Node(t, c));
        }

        var sums = Assert.Single(calc.Current(Snapshots.WallAt(10))).Window.Sum(null)!;
        Assert.Equal(5, sums.WindowSeconds, 6);
        Assert.Equal(0, sums.Value(MetricNames.ThrottledPeriodsRatio));
    }

    [Fact]
    public void Ingest_CgroupGone_Forgotten()
    {
        var calc = new WindowCalculator(TimeSpan.FromSeconds(60), NullLogger.Instance);
        calc.Ingest(Snapshots.Node(0, Snapshots.Cgroup(1, "/a", 0, 0.1), Snapshots.Cgroup(2, "/b", 0, 0.1)));
        calc.Ingest(Snapshots.Node(1, Snapshots.Cgroup(1, "/a", 1, 0.1), Snapshots.Cgroup(2, "/b", 1, 0.1)));
        calc.Ingest(Snapshots.Node(2, Snapshots.Cgroup(1, "/a", 2, 0.1)));
        Assert.Equal(["/a"], calc.Current(Snapshots.WallAt(2)).Select(c => c.Cgroup.Path));
    }

    [Fact]
    public void Current_NodeSilentTwoWindows_DropsOut()
    {
        var calc = new WindowCalculator(TimeSpan.FromSeconds(10), NullLogger.Instance);
        calc.Ingest(Snapshots.Node(0, Snapshots.Cgroup(1, "/a", 0, 0.1)));
        calc.Ingest(Snapshots.Node(1, Snapshots.Cgroup(1, "/a", 1, 0.1)));
        Assert.Single(calc.Current(Snapshots.WallAt(21)));
        Assert.Empty(calc.Current(Snapshots.WallAt(22)));
    }
}
