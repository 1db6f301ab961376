using KernelTruth.Contracts.Snapshot;
using KernelTruth.Recommender.Input;
using KernelTruth.Recommender.Tests.Fakes;
using Microsoft.Extensions.Logging;
using static KernelTruth.Recommender.Tests.Input.SnapshotFactory;

namespace KernelTruth.Recommender.Tests.Input;

/// <summary>
/// What a broken sensor, a broken network or a broken kernel can send: every case ends as a
/// rejection or a skipped reading with a logged reason naming the node and cgroup, never an
/// exception other than <see cref="SnapshotRejectedException"/>.
/// </summary>
public sealed class IntervalBuilderBadInputTests
{
    private readonly ListLogger _log = new();

    private IntervalBuilder NewBuilder() => new(_log);

    [Fact]
    public void Add_NoCgroupsList_RejectedNamingTheNode()
    {
        var builder = NewBuilder();

        var error = Assert.Throws<SnapshotRejectedException>(() => builder.Add(Node(At(0)) with { Cgroups = null! }));

        Assert.Contains("'test-node'", error.Message, StringComparison.Ordinal);
        Assert.Contains("no cgroups list", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Add_NoNode_Rejected()
    {
        var builder = NewBuilder();

        Assert.Throws<SnapshotRejectedException>(() => builder.Add(Node(At(0)) with { Node = null! }));
    }

    [Fact]
    public void Add_TimeBefore1970_Rejected()
    {
        var builder = NewBuilder();

        var error = Assert.Throws<SnapshotRejectedException>(() => builder.Add(Node(At(0)) with { TakenAtUnixNs = -5 }));

        Assert.Contains("takenAtUnixNs -5", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Add_OlderThanTheLast_RejectedAndStateUnchanged()
    {
        var builder = NewBuilder();
        builder.Add(Node(At(0), Steady(0, 42, "/x")));
        builder.Add(Node(At(1), Steady(1, 42, "/x")));

        Assert.Throws<SnapshotRejectedException>(() => builder.Add(Node(At(0), Steady(0, 42, "/x"))));

        // The next snapshot in order still gets its 10 s interval from reading 1.
        var (_, interval) = Assert.Single(builder.Add(Node(At(2), Steady(2, 42, "/x"))));
        Assert.Equal(TimeSpan.FromSeconds(10), interval.Duration);
    }

    [Fact]
    public void Add_FiftyNanosecondsAfterTheLast_ZeroDurationSkippedBaselineKept()
    {
        var builder = NewBuilder();
        builder.Add(Node(At(0), Steady(0, 42, "/x")));

        // 50 ns is 0 ticks of TimeSpan: a 0 s interval would divide usage by zero.
        Assert.Empty(builder.Add(Node(At(0) + 50, Steady(1, 42, "/x"))));
        Assert.Single(_log.Matching(LogLevel.Warning, "'/x'", "Duration must be > 0"));

        // Reading 0 stayed the baseline: the next interval runs from it, 10 s + 50 ns (10 s in ticks),
        // and holds both steps of counters, 2 × 100 periods.
        var (_, interval) = Assert.Single(builder.Add(Node(At(1) + 50, Steady(2, 42, "/x"))));
        Assert.Equal(TimeSpan.FromSeconds(10), interval.Duration);
        Assert.Equal(200, interval.Periods);
    }

    public static TheoryData<string, string> BrokenEntries => new()
    {
        { "nan-limit", "is not a limit" },
        { "zero-period-limit", "is not a limit" },
        { "null-sched", "no sched counters" },
        { "null-throttle-wait", "a wait histogram is missing" },
        { "bounds-shorter-than-buckets", "3 buckets but 1 bounds" },
        { "null-path", "no path" },
        { "wait-counts-exceed-wait-sum", "ThrottleWait counts imply" },
        { "cpustat-unreadable", "cpuStat could not be read" },
    };

    [Theory]
    [MemberData(nameof(BrokenEntries))]
    public void Add_BrokenEntry_SkippedWithReasonAndNextReadingSpansTheGap(string kind, string reason)
    {
        var builder = NewBuilder();
        builder.Add(Node(At(0), Steady(0, 42, "/x")));
        builder.Add(Node(At(1), Steady(1, 42, "/x")));

        Assert.Empty(builder.Add(Node(At(2), Break(Steady(2, 42, "/x"), kind))));
        var entry = Assert.Single(_log.Matching(LogLevel.Warning, reason));
        Assert.Contains("'test-node'", entry.Message, StringComparison.Ordinal);
        Assert.Contains(kind == "null-path" ? "'id 42'" : "'/x'", entry.Message, StringComparison.Ordinal);

        // Reading 1 stayed the baseline: 20 s, two steps of counters, none of the broken reading.
        var (_, interval) = Assert.Single(builder.Add(Node(At(3), Steady(3, 42, "/x"))));
        Assert.Equal(TimeSpan.FromSeconds(20), interval.Duration);
        Assert.Equal(200, interval.Periods);
        Assert.Equal(30, interval.ThrottledPeriods); // 2 steps × 15
        Assert.Equal(0.09, interval.UsageCores, 9);   // 1.8 s of CPU over 20 s
    }

    [Fact]
    public void Add_NullEntry_SkippedOthersUsed()
    {
        var builder = NewBuilder();
        builder.Add(Node(At(0), Steady(0, 42, "/x")));

        var (cgroup, _) = Assert.Single(builder.Add(Node(At(1), null!, Steady(1, 42, "/x"))));

        Assert.Equal("/x", cgroup.Path);
        Assert.Single(_log.Matching(LogLevel.Warning, "a null cgroup entry"));
    }

    [Fact]
    public void Add_DuplicateId_BothSkippedAndBaselineDropped()
    {
        var builder = NewBuilder();
        builder.Add(Node(At(0), Steady(0, 42, "/x"), Steady(0, 43, "/y")));

        Assert.Collection(builder.Add(Node(At(1), Steady(1, 42, "/x"), Steady(1, 43, "/y"), Steady(1, 43, "/y-again"))),
            i => Assert.Equal("/x", i.Cgroup.Path));
        Assert.Single(_log.Matching(LogLevel.Warning, "cgroup id 43 appears more than once"));

        // /y lost its baseline: reading 2 is a new one, reading 3 makes an interval again.
        Assert.Single(builder.Add(Node(At(2), Steady(2, 42, "/x"), Steady(2, 43, "/y"))));
        Assert.Equal(2, builder.Add(Node(At(3), Steady(3, 42, "/x"), Steady(3, 43, "/y"))).Count);
    }

    [Fact]
    public void Add_CpuStatReadableAgain_NewBaselineLogged()
    {
        var builder = NewBuilder();
        builder.Add(Node(At(0), Steady(0, 42, "/x") with { CpuStat = null }));

        Assert.Empty(builder.Add(Node(At(1), Steady(1, 42, "/x"))));

        Assert.Single(_log.Matching(LogLevel.Information, "'/x'", "cpuStat is readable again"));
        Assert.Single(builder.Add(Node(At(2), Steady(2, 42, "/x"))));
    }

    [Fact]
    public void Add_ThrottledCountRoseWithNoLimit_UnthrottledIntervalAndLogged()
    {
        var builder = NewBuilder();
        builder.Add(Node(At(0), Steady(0, 42, "/x")));

        // The limit was removed during the interval; cpu.stat still counted 15 throttled periods before that.
        var (_, interval) = Assert.Single(builder.Add(Node(At(1), Steady(1, 42, "/x") with { Limit = null })));

        Assert.Equal(0, interval.ThrottledPeriods);
        Assert.Null(interval.LimitCores);
        Assert.Single(_log.Matching(LogLevel.Information, "'/x'", "15 periods throttled but no limit"));
    }

    [Fact]
    public void Add_WallClockStepped_NoIntervalsEveryCgroupNewBaseline()
    {
        var builder = NewBuilder();
        builder.Add(Node(At(0), Steady(0, 42, "/x")));

        // Monotonic +10 s, wall +1 h 10 s: the node's clock was stepped.
        var stepped = Node(At(1), Steady(1, 42, "/x")) with { TakenAtUnixNs = Node(At(1)).TakenAtUnixNs + (3600 * (long)Second) };
        Assert.Empty(builder.Add(stepped));
        Assert.Single(_log.Matching(LogLevel.Warning, "'test-node'", "wall clock stepped by 3600.0 s"));

        // Stepped back: again no interval (no model ever sees the hour-ahead time); then in step again.
        Assert.Empty(builder.Add(Node(At(2), Steady(2, 42, "/x"))));
        Assert.Single(builder.Add(Node(At(3), Steady(3, 42, "/x"))));
    }

    [Fact]
    public void Add_WallClockSlewedWithinSlack_IntervalsKept()
    {
        var builder = NewBuilder();
        builder.Add(Node(At(0), Steady(0, 42, "/x")));

        // Wall +10.5 s against monotonic +10 s: 0.5 s ≤ 1 s + 1 % of 10 s = 1.1 s.
        var slewed = Node(At(1), Steady(1, 42, "/x")) with { TakenAtUnixNs = Node(At(1)).TakenAtUnixNs + (long)(Second / 2) };

        Assert.Single(builder.Add(slewed));
    }

    [Fact]
    public void Add_MemoryUnreadableThenOomCounted_KillsOfUnknownTimeNotCounted()
    {
        var builder = NewBuilder();
        builder.Add(Node(At(0), Steady(0, 42, "/x") with { Memory = null }));

        // The sensor's cumulative count says 3 kills, but when they happened is unknown.
        var (_, interval) = Assert.Single(builder.Add(Node(At(1), Steady(1, 42, "/x") with { Memory = new MemorySnapshot(100 << 20, null, 3) })));

        Assert.Equal(0, interval.OomKills);
    }

    /// <summary>The named kind of damage applied to a good reading.</summary>
    internal static CgroupSnapshot Break(CgroupSnapshot good, string kind) => kind switch
    {
        "nan-limit" => good with { Limit = good.Limit! with { Cpus = double.NaN } },
        "zero-period-limit" => good with { Limit = good.Limit! with { PeriodUs = 0 } },
        "null-sched" => good with { Sched = null! },
        "null-throttle-wait" => good with { Sched = good.Sched with { ThrottleWait = null! } },
        "bounds-shorter-than-buckets" => good with { Sched = good.Sched with { PeriodUsage = good.Sched.PeriodUsage with { BucketBoundsNs = [10_000_000] } } },
        "null-path" => good with { Path = null! },

        // 1000 more waits of ≥ 65 ms in slot 16, but no more wait time: no kernel can do that.
        "wait-counts-exceed-wait-sum" => good with
        {
            Sched = good.Sched with
            {
                ThrottleWait = good.Sched.ThrottleWait with
                {
                    Count = good.Sched.ThrottleWait.Count + 1000,
                    Log2UsBuckets = [.. good.Sched.ThrottleWait.Log2UsBuckets.Select((n, i) => i == 16 ? n + 1000 : n)],
                },
            },
        },
        "cpustat-unreadable" => good with { CpuStat = null },
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown kind of damage"),
    };
}
