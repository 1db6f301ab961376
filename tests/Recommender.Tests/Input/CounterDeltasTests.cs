using KernelTruth.Contracts.Snapshot;
using KernelTruth.Recommender.Input;

namespace KernelTruth.Recommender.Tests.Input;

/// <summary>
/// Deltas from a baseline equal the counters of the two readings subtracted directly, slot by slot: whatever the
/// baseline keeps (packed, dense, one array for three histograms), nothing is lost or read from the wrong place.
/// </summary>
public sealed class CounterDeltasTests
{
    private static readonly TimeSpan TenSeconds = TimeSpan.FromSeconds(10);

    [Fact]
    public void ToInterval_RandomReadings_EverySlotDeltaIsBMinusA()
    {
        var random = new Random(14);
        for (int round = 0; round < 500; round++)
        {
            var (period, contention, throttle) = (Counts(random, 40), Counts(random, 27), Counts(random, 27));
            var (period2, contention2, throttle2) = (Grown(random, period), Grown(random, contention), Grown(random, throttle));
            var a = Reading(period, contention, throttle);
            var b = Reading(period2, contention2, throttle2);

            var interval = CounterDeltas.ToInterval(CounterBaseline.Of(a, 1), b, TenSeconds, DateTimeOffset.UnixEpoch);

            Assert.Null(CounterDeltas.Discontinuity(CounterBaseline.Of(a, 1), b));
            Assert.Equal(Minus(contention2, contention), interval.ContentionWait);
            Assert.Equal(Minus(throttle2, throttle), interval.ThrottleWait);
            var expectedUsage = Minus(period2, period).Select((n, i) => (Slot: i, Count: n)).Where(x => x.Count > 0).ToArray();
            Assert.Equal(expectedUsage.Select(x => x.Count), interval.PeriodUsage.Select(u => u.Count));
            Assert.Equal(expectedUsage.Select(x => x.Slot == 0 ? 0 : x.Slot * 10 / 100.0), interval.PeriodUsage.Select(u => u.LowerCores)); // bounds 10 ns apart, period 100 ns
        }
    }

    [Fact]
    public void FindBackwards_OneSlotOfOneHistogramDecreased_NamesThatHistogram()
    {
        var random = new Random(7);
        string[] names = ["sched.periodUsage", "sched.contentionWait", "sched.throttleWait"];
        for (int round = 0; round < 300; round++)
        {
            ulong[][] before = [Counts(random, 40), Counts(random, 27), Counts(random, 27)];
            int which = random.Next(3);
            int slot = Array.FindIndex(before[which], n => n > 0);
            if (slot < 0)
            {
                continue;
            }

            ulong[][] after = [.. before.Select(h => (ulong[])h.Clone())];
            after[which][slot]--;

            string? found = CounterDeltas.FindBackwards(CounterBaseline.Of(Reading(before[0], before[1], before[2]), 1), Reading(after[0], after[1], after[2]));

            Assert.Equal(names[which], found);
        }
    }

    [Fact]
    public void ToInterval_CountersNearTheirLimits_ExactDeltas()
    {
        // Usage 10^9 ns below ulong's limit → at it: 1 s of CPU in 10 s = 0.1 cores. A slot at 2^48 − 1 (the last
        // packed count) → 2^48 + 4 (kept dense): 5 periods. A wait slot at ulong.MaxValue − 3 → ulong.MaxValue: 3.
        const ulong Top = ulong.MaxValue;
        const ulong Packed = (1UL << 48) - 1;
        var a = Reading([0, Packed], [0, Top - 3], [2]) with { CpuStat = new CpuStatSnapshot { UsageNs = Top - 1_000_000_000, NrPeriods = Top - 100, NrThrottled = Top - 50 } };
        var b = Reading([0, Packed + 5], [0, Top], [2]) with { CpuStat = new CpuStatSnapshot { UsageNs = Top, NrPeriods = Top, NrThrottled = Top } };

        var interval = CounterDeltas.ToInterval(CounterBaseline.Of(a, 1), b, TenSeconds, DateTimeOffset.UnixEpoch);

        Assert.Equal(0.1, interval.UsageCores, 12);
        Assert.Equal(5, Assert.Single(interval.PeriodUsage).Count);
        Assert.Equal([0L, 3L], interval.ContentionWait);
        Assert.Equal([0L], interval.ThrottleWait);
        Assert.Equal((100, 50), (interval.Periods, interval.ThrottledPeriods));
    }

    /// <summary>Up to <paramref name="max"/> slots, most empty; one list in ten has a count too big to pack.</summary>
    private static ulong[] Counts(Random random, int max)
    {
        var counts = new ulong[random.Next(max + 1)];
        bool huge = random.Next(10) == 0;
        for (int i = 0; i < counts.Length; i++)
        {
            counts[i] = random.Next(3) == 0 ? (ulong)random.Next(1, 1000) + (huge ? 1UL << 50 : 0) : 0;
        }

        return counts;
    }

    /// <summary>Each slot the same or higher, sometimes longer.</summary>
    private static ulong[] Grown(Random random, ulong[] counts) =>
        [.. counts.Select(n => n + (ulong)random.Next(0, 4)), .. Enumerable.Range(0, random.Next(3)).Select(_ => (ulong)random.Next(0, 5))];

    private static long[] Minus(ulong[] b, ulong[] a) => [.. b.Select((n, i) => (long)(n - (i < a.Length ? a[i] : 0)))];

    private static CgroupSnapshot Reading(ulong[] period, ulong[] contention, ulong[] throttle)
    {
        var r = SnapshotFactory.Limited(1, 1, 0, 0, [1]);
        return r with
        {
            Sched = r.Sched with
            {
                PeriodUsage = r.Sched.PeriodUsage with
                {
                    PeriodNs = 100,
                    Buckets = period,
                    BucketBoundsNs = [.. period.Select((_, i) => (ulong)(i + 1) * 10)],
                },
                ContentionWait = new WaitHistogram(0, 0, contention),
                ThrottleWait = new WaitHistogram(0, 0, throttle),
            },
        };
    }
}
