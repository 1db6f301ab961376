using KernelTruth.Contracts.Snapshot;
using KernelTruth.Recommender.Input;

namespace KernelTruth.Recommender.Tests.Input;

/// <summary>A baseline gives back every counter of the reading it was made from, exactly, whatever its layout.</summary>
public sealed class CounterBaselineTests
{
    // Distinct values near the top of ulong, so a counter read from another field, or cut to a smaller type, shows.
    private const ulong Top = ulong.MaxValue;

    [Fact]
    public void Of_EveryCounterNearItsLimit_ReadBackExactly()
    {
        var reading = SnapshotFactory.Limited(usageNs: 0, periods: 0, throttled: 0, throttleWaitNs: 0, periodBuckets: [1]) with
        {
            TrackedSince = Top - 1,
            CpuStat = new CpuStatSnapshot { UsageNs = Top - 2, NrPeriods = Top - 3, NrThrottled = Top - 4, ThrottledNs = Top - 5 },
            Sched = new SchedSnapshot
            {
                OnCpuNs = Top - 6,
                ThrottleEvents = 0,
                VoluntarySwitches = Top - 7,
                InvoluntarySwitches = Top - 8,
                ContentionWait = new WaitHistogram(Top - 9, Top - 10, [0, 5]),
                ThrottleWait = new WaitHistogram(Top - 11, Top - 12, [6]),
                PeriodUsage = new PeriodUsage { Source = "window", PeriodNs = Top - 13, Count = Top - 14, SumNs = Top - 15, Buckets = [7], BucketBoundsNs = [10] },
            },
            Memory = new MemorySnapshot(1, Top - 16, Top - 17),
        };

        var b = CounterBaseline.Of(reading, Top - 18);

        Assert.Equal(
            [Top - 1, Top - 2, Top - 3, Top - 4, Top - 5, Top - 6, Top - 7, Top - 8, Top - 9, Top - 10, Top - 11, Top - 12, Top - 13, Top - 14, Top - 15, Top - 16, Top - 17, Top - 18],
            new[]
            {
                b.TrackedSince, b.CpuStat!.Value.UsageNs!.Value, b.CpuStat.Value.NrPeriods, b.CpuStat.Value.NrThrottled, b.CpuStat.Value.ThrottledNs,
                b.OnCpuNs, b.VoluntarySwitches, b.InvoluntarySwitches, b.ContentionWait.Count, b.ContentionWait.SumNs,
                b.ThrottleWait.Count, b.ThrottleWait.SumNs, b.PeriodNs, b.PeriodCount, b.PeriodSumNs,
                b.Memory!.Value.PeakBytes!.Value, b.Memory.Value.OomKills, b.MonotonicNs,
            });
        Assert.Equal("window", b.PeriodSource);
    }

    [Theory]
    [InlineData(0UL, ulong.MaxValue, 1UL << 63)] // each as far from the on-CPU time as a ulong can be
    [InlineData(ulong.MaxValue, 0UL, 7UL)]
    [InlineData(5UL, 5UL, 5UL)]
    public void Of_UsageAndPeriodSumFarFromOnCpu_ReadBackExactly(ulong onCpu, ulong usage, ulong periodSum)
    {
        // Both are kept as their distance from the on-CPU time: exact whatever it is, wrapping included.
        var r = SnapshotFactory.Limited(1, 1, 0, 0, [1]);
        r = r with
        {
            CpuStat = r.CpuStat! with { UsageNs = usage },
            Sched = r.Sched with { OnCpuNs = onCpu, PeriodUsage = r.Sched.PeriodUsage with { SumNs = periodSum } },
        };

        var b = CounterBaseline.Of(r, 1);

        Assert.Equal((onCpu, usage, periodSum), (b.OnCpuNs, b.CpuStat!.Value.UsageNs, b.PeriodSumNs));
    }

    [Fact]
    public void Pack_UsageAndPeriodSumEqualToOnCpu_OneByteEachInsteadOfFive()
    {
        // 12 s of CPU: on-CPU, usage and period sum 12 000 000 000 ns (35 bits: 5 bytes each as they are). Beside the
        // on-CPU time usage and sum are distance 0, 1 byte each: 5 + 1 + 1 = 7 bytes. The same reading with on-CPU 0
        // takes 1 + 5 + 5 = 11 ⇒ 4 bytes more; kept as they are (5 + 5 + 5 = 15 against 1 + 5 + 5) it would be 4 fewer.
        const ulong Ns = 12_000_000_000;
        var r = SnapshotFactory.Limited(Ns, 1, 0, 0, [1]);
        var apart = r with { Sched = r.Sched with { OnCpuNs = 0 } };

        int beside = CounterBaseline.Pack(r, 1).Length, far = CounterBaseline.Pack(apart, 1).Length;

        Assert.Equal(far - 4, beside);
    }

    [Fact]
    public void Of_MissingKernelCounters_NullAsInTheReading()
    {
        var noCounters = SnapshotFactory.Limited(1, 1, 0, 0, [1]) with { CpuStat = null, Memory = null };
        var noUsageNoPeak = SnapshotFactory.Limited(1, 1, 0, 0, [1]) with
        {
            CpuStat = new CpuStatSnapshot { UsageNs = null, NrPeriods = 3 },
            Memory = new MemorySnapshot(5, null, 2),
        };

        var none = CounterBaseline.Of(noCounters, 1);
        var partial = CounterBaseline.Of(noUsageNoPeak, 1);

        Assert.Null(none.CpuStat);
        Assert.Null(none.Memory);
        Assert.Equal(new CounterBaseline.CpuStatCounters(null, 3, 0, 0), partial.CpuStat);
        Assert.Equal(new CounterBaseline.MemoryCounters(null, 2), partial.Memory);
    }

    [Theory]
    [InlineData("period-timer")]
    [InlineData("window")]
    [InlineData("a source the sensor may send one day: ünïcode")]
    public void Of_PeriodSource_SameString(string source)
    {
        var r = SnapshotFactory.Limited(1, 1, 0, 0, [1]);
        var reading = r with { Sched = r.Sched with { PeriodUsage = r.Sched.PeriodUsage with { Source = source } } };

        var b = CounterBaseline.Of(reading, 1);

        Assert.Equal(source, b.PeriodSource);
        Assert.Equal(1UL, b.TrackedSince); // the counters after the string are read from where it ends
    }

    [Theory]
    [InlineData(new ulong[] { 0, 3, 0, 9 }, new ulong[] { 4, 0, 0, 0, 8 }, new ulong[] { 0, 0, 1 })]
    [InlineData(new ulong[] { }, new ulong[] { 0, 0, 2 }, new ulong[] { })]             // only the middle one in use
    [InlineData(new ulong[] { 5 }, new ulong[] { 0, 0, 0 }, new ulong[] { 0, 7 })]      // the middle one empty
    [InlineData(new ulong[] { 1UL << 48, 0, 2 }, new ulong[] { 3 }, new ulong[] { 0, 1UL << 50 })] // first and last dense
    [InlineData(new ulong[] { 1, 0, 2 }, new ulong[] { 0, ulong.MaxValue }, new ulong[] { 0, 0, 6 })] // middle dense
    public void Of_ThreeHistograms_EachReadBackAloneAndExactly(ulong[] period, ulong[] contention, ulong[] throttle)
    {
        var r = SnapshotFactory.Limited(1, 1, 0, 0, [1]);
        var reading = r with
        {
            Sched = r.Sched with
            {
                PeriodUsage = r.Sched.PeriodUsage with { Buckets = period, BucketBoundsNs = [.. period.Select((_, i) => (ulong)(i + 1) * 10)] },
                ContentionWait = new WaitHistogram(0, 0, contention),
                ThrottleWait = new WaitHistogram(0, 0, throttle),
            },
        };

        var b = CounterBaseline.Of(reading, 1);

        // Read each one past its own length: a section that ran into the next would show the next one's counts.
        Assert.Equal(Padded(period, 8), ReadBack(b.PeriodSlots, 8));
        Assert.Equal(Padded(contention, 8), ReadBack(b.ContentionWait.Slots, 8));
        Assert.Equal(Padded(throttle, 8), ReadBack(b.ThrottleWait.Slots, 8));
        Assert.False(b.PeriodSlots.AnyAbove(period) || b.ContentionWait.Slots.AnyAbove(contention) || b.ThrottleWait.Slots.AnyAbove(throttle));
    }

    private static ulong[] ReadBack(CumulativeSlots slots, int length)
    {
        var cursor = slots.Walk();
        var counts = new ulong[length];
        for (int i = 0; i < length; i++)
        {
            counts[i] = cursor.At(i);
        }

        return counts;
    }

    private static ulong[] Padded(ulong[] counts, int length) => [.. counts, .. new ulong[length - counts.Length]];
}
