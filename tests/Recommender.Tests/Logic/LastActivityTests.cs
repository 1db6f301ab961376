using KernelTruth.Models.Input;
using KernelTruth.Models.Recommendations;
using KernelTruth.Recommender.Logic;

namespace KernelTruth.Recommender.Tests.Logic;

/// <summary>
/// The activity listed from what the entry keeps and the model the interval was the last one of equals the record built
/// from the interval itself.
/// </summary>
public sealed class LastActivityTests
{
    [Fact]
    public void For_RandomIntervals_SameAsTheRecordOfTheInterval()
    {
        var random = new Random(14);
        for (int round = 0; round < 1000; round++)
        {
            long periods = random.Next(3) == 0 ? 0 : random.Next(1, 1000);
            var interval = new WorkloadInterval
            {
                Time = DateTimeOffset.UnixEpoch.AddTicks(random.NextInt64(1L << 60)).ToOffset(TimeSpan.FromMinutes(random.Next(-720, 720))),
                Duration = TimeSpan.FromSeconds(10),
                UsageCores = random.NextDouble() * 8,
                LimitCores = random.Next(3) == 0 ? null : random.NextDouble() * 4,
                Periods = periods,
                ThrottledPeriods = periods == 0 ? 0 : random.NextInt64(periods + 1),
                ThrottleWait = Waits(random),
                ContentionWait = Waits(random),
            };
            double switches = random.NextDouble() * 1e5;

            var listed = LastActivity.Of(interval, switches).For("w", ModelOf(interval));

            Assert.Equal(Reference("w", interval, switches), listed);
        }
    }

    [Fact]
    public void For_WaitsInSlotsPastEveryFiniteEdge_InfinityAsBefore()
    {
        // Slot 1 100 of a (malformed) 1 200-slot list: 2^1101 µs overflows a double, as 2^1025 does.
        var waits = new long[1200];
        waits[1100] = 5;
        var interval = new WorkloadInterval { Time = DateTimeOffset.UnixEpoch, Duration = TimeSpan.FromSeconds(10), UsageCores = 0.5, ThrottleWait = waits, ContentionWait = [0, 3] };

        var listed = LastActivity.Of(interval, 0).For("w", ModelOf(interval));

        Assert.Equal(double.PositiveInfinity, listed.ThrottleWaitP99Seconds);
        Assert.Equal(4e-6, listed.ContentionWaitP99Seconds); // slot 1 (2–4 µs): upper edge 4 µs
        Assert.Equal(Reference("w", interval, 0), listed);
    }

    [Fact]
    public void Seen_NoIntervalYet_False()
    {
        Assert.False(default(LastActivity).Seen);
        Assert.True(LastActivity.Of(new WorkloadInterval { Time = DateTimeOffset.UnixEpoch, Duration = TimeSpan.FromSeconds(1), UsageCores = 0 }, 0).Seen);
    }

    [Fact]
    public void Time_RandomTimesAndOffsets_SameTicksAndOffsetBack()
    {
        // Equal DateTimeOffsets may differ in offset; the time listed must be the interval's exactly (EqualsExact).
        var random = new Random(15);
        for (int round = 0; round < 1000; round++)
        {
            var time = DateTimeOffset.UnixEpoch.AddTicks(random.NextInt64(1L << 60)).ToOffset(TimeSpan.FromMinutes(random.Next(-840, 841)));
            var interval = new WorkloadInterval { Time = time, Duration = TimeSpan.FromSeconds(10), UsageCores = 1 };
            var activity = LastActivity.Of(interval, 0);

            Assert.True(activity.Time(ModelOf(interval)).EqualsExact(time), $"{activity.Time(ModelOf(interval)):O} for {time:O}");
        }
    }

    [Fact]
    public void SizeOf_TimeAndLimitFromTheModel_32Bytes()
    {
        // 3 doubles (24) + offset minutes (2) + two wait edges (2 × 2) + seen (1) = 31, padded to 32; with the time's UTC
        // ticks and the limit kept again (8 + 8 + a flag) the struct was 48, with the time a DateTimeOffset field 56, in
        // every workload's entry.
        Assert.Equal(32, System.Runtime.CompilerServices.Unsafe.SizeOf<LastActivity>());
    }

    [Fact]
    public void For_ALaterIntervalWithoutLimitInTheModel_TheLaterTimeAndNoLimit()
    {
        // The time and limit listed are the model's: once a later interval (no limit, 10 s later) reached it, those are
        // listed, as the engine lists them after it sets the activity again for that interval.
        var time = new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.FromHours(1));
        var model = new WorkloadModel();
        var first = new WorkloadInterval { Time = time, Duration = TimeSpan.FromSeconds(10), UsageCores = 0.5, LimitCores = 2 };
        Assert.Empty(model.Add(first));
        Assert.Equal((time, 2.0), (LastActivity.Of(first, 0).For("w", model).Time, LastActivity.Of(first, 0).For("w", model).LimitCores));

        var later = first with { Time = time.AddSeconds(10), LimitCores = null };
        Assert.Empty(model.Add(later));
        var listed = LastActivity.Of(later, 0).For("w", model);

        Assert.Equal(Reference("w", later, 0), listed);
        Assert.Null(listed.LimitCores);
    }

    /// <summary>
    /// A model whose last interval had <paramref name="interval"/>'s time and limit, all the activity reads of it (the
    /// intervals above carry wait lists a model refuses, which the activity lists all the same).
    /// </summary>
    private static WorkloadModel ModelOf(WorkloadInterval interval)
    {
        var model = new WorkloadModel();
        Assert.Empty(model.Add(new WorkloadInterval { Time = interval.Time, Duration = TimeSpan.FromSeconds(10), UsageCores = 0.1, LimitCores = interval.LimitCores }));
        return model;
    }

    /// <summary>The record as the engine built it from the interval before it kept the numbers in the entry.</summary>
    private static WorkloadActivity Reference(string workload, WorkloadInterval interval, double switchesPerSecond) => new(
        workload,
        interval.Time,
        interval.UsageCores,
        interval.LimitCores,
        interval.Periods > 0 ? (double)interval.ThrottledPeriods / interval.Periods : 0,
        Log2Percentile.UpperEdgeSeconds(interval.ThrottleWait, 0.99),
        Log2Percentile.UpperEdgeSeconds(interval.ContentionWait, 0.99),
        switchesPerSecond);

    private static long[] Waits(Random random)
    {
        var waits = new long[random.Next(28)];
        for (int i = 0; i < waits.Length; i++)
        {
            waits[i] = random.Next(2) == 0 ? 0 : random.Next(1, 10_000);
        }

        return waits;
    }
}
