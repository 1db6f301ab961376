using KernelTruth.Contracts.Snapshot;
using KernelTruth.Recommender.Input;
using Microsoft.Extensions.Logging.Abstractions;
using static KernelTruth.Recommender.Tests.Input.SnapshotFactory;

namespace KernelTruth.Recommender.Tests.Input;

public sealed class IntervalBuilderTests
{
    private const ulong Second = 1_000_000_000;

    private static IntervalBuilder NewBuilder() => new(NullLogger.Instance);

    [Fact]
    public void Add_FirstSnapshot_OnlyABaseline()
    {
        var builder = NewBuilder();

        Assert.Empty(builder.Add(Node(10 * Second, Limited(0, 0, 0, 0, [0, 0, 0]))));
    }

    [Fact]
    public void Add_TenSecondsOfThrottledLoop_DeltasAndUnits()
    {
        var builder = NewBuilder();
        builder.Add(Node(10 * Second, Limited(usageNs: 1 * Second, periods: 50, throttled: 40, throttleWaitNs: 4 * Second, periodBuckets: [0, 10, 40])));

        // 10 s later: +2 s of CPU, +100 periods of which 80 throttled, +6.4 s throttle wait;
        // period buckets +20 in [10, 20) ms and +80 in [20, 30) ms.
        var (cgroup, interval) = Assert.Single(builder.Add(Node(20 * Second, Limited(3 * Second, 150, 120, 10_400_000_000, [0, 30, 120], contentionWaits: 7))));

        Assert.Equal(42UL, cgroup.Id);
        Assert.Equal(TimeSpan.FromSeconds(10), interval.Duration);
        Assert.Equal(0.2, interval.UsageCores, 9);          // 2 s of CPU over 10 s
        Assert.Equal(0.1, interval.PeriodSeconds, 9);
        Assert.Equal(100, interval.Periods);
        Assert.Equal(80, interval.ThrottledPeriods);
        Assert.Equal(6.4, interval.ThrottleWaitSeconds, 9);
        Assert.Equal(80, interval.ThrottleWait[16]);
        Assert.Equal(7, interval.ContentionWait[5]);
        Assert.Equal(0.2, interval.LimitCores);
        // 10–20 ms of a 100 ms period = 0.1–0.2 cores; 20–30 ms = 0.2–0.3 cores.
        Assert.Collection(interval.PeriodUsage,
            b => { Assert.Equal(0.1, b.LowerCores, 9); Assert.Equal(0.2, b.UpperCores, 9); Assert.Equal(20, b.Count); },
            b => { Assert.Equal(0.2, b.LowerCores, 9); Assert.Equal(0.3, b.UpperCores, 9); Assert.Equal(80, b.Count); });
    }

    [Fact]
    public void Add_TrackedSinceChanged_NewBaselineNoInterval()
    {
        var builder = NewBuilder();
        builder.Add(Node(10 * Second, Limited(5 * Second, 500, 400, 40 * Second, [0, 100, 400])));

        // The sensor restarted: counters start again from small values under a new trackedSince.
        Assert.Empty(builder.Add(Node(20 * Second, Limited(1 * Second, 10, 8, 1 * Second, [0, 2, 8], trackedSince: 2))));
        Assert.Single(builder.Add(Node(30 * Second, Limited(2 * Second, 20, 16, 2 * Second, [0, 4, 16], trackedSince: 2))));
    }

    [Fact]
    public void Add_CounterWentBackwardsWithoutReset_DroppedThenBaselineResumes()
    {
        var builder = NewBuilder();
        builder.Add(Node(10 * Second, Limited(5 * Second, 500, 400, 40 * Second, [0, 100, 400])));

        Assert.Empty(builder.Add(Node(20 * Second, Limited(4 * Second, 500, 400, 40 * Second, [0, 100, 400]))));
        Assert.Single(builder.Add(Node(30 * Second, Limited(5 * Second, 510, 405, 41 * Second, [0, 105, 405]))));
    }

    [Fact]
    public void Add_UnknownApiVersion_RejectedWithTheVersion()
    {
        var builder = NewBuilder();
        var snapshot = Node(10 * Second, Limited(0, 0, 0, 0, [0])) with { ApiVersion = "ktruth.io/v9" };

        var error = Assert.Throws<SnapshotRejectedException>(() => builder.Add(snapshot));
        Assert.Contains("ktruth.io/v9", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Add_SnapshotNotNewerThanTheLast_Rejected()
    {
        var builder = NewBuilder();
        builder.Add(Node(10 * Second, Limited(0, 0, 0, 0, [0])));

        Assert.Throws<SnapshotRejectedException>(() => builder.Add(Node(10 * Second, Limited(0, 0, 0, 0, [0]))));
    }

    [Fact]
    public void Add_OomKillDuringInterval_CountedOnce()
    {
        var builder = NewBuilder();
        builder.Add(Node(10 * Second, Limited(1 * Second, 10, 0, 0, [10])));

        var (_, interval) = Assert.Single(builder.Add(Node(20 * Second, Limited(2 * Second, 20, 0, 0, [20], oomKills: 1, memory: 30 << 20, peak: 300 << 20))));

        Assert.Equal(1, interval.OomKills);
        Assert.Equal(300L << 20, interval.MemoryPeakBytes); // the lifetime peak rose during the interval
    }

    [Fact]
    public void Add_CgroupDisappearsAndReturns_StartsFromANewBaseline()
    {
        var builder = NewBuilder();
        builder.Add(Node(10 * Second, Limited(1 * Second, 10, 0, 0, [10])));
        builder.Add(Node(20 * Second));

        Assert.Empty(builder.Add(Node(30 * Second, Limited(9 * Second, 90, 0, 0, [90]))));
    }

    [Fact]
    public void Add_PeriodUsageMovesFromWindowsToPeriodTimer_NewBaselineWithoutABackwardsWarning()
    {
        var logger = new KernelTruth.Recommender.Tests.Fakes.ListLogger();
        var builder = new IntervalBuilder(logger);
        // Just after the sensor attaches: fixed windows first (many), then the period timer (few).
        var windows = Limited(1 * Second, 10, 0, 0, [0, 50, 100]);
        windows = windows with { Sched = windows.Sched with { PeriodUsage = windows.Sched.PeriodUsage with { Source = "window" } } };
        builder.Add(Node(10 * Second, windows));

        Assert.Empty(builder.Add(Node(20 * Second, Limited(2 * Second, 20, 0, 0, [0, 5, 10]))));
        Assert.Empty(logger.Matching(Microsoft.Extensions.Logging.LogLevel.Warning, "backwards"));
    }
}
