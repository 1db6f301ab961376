using KernelTruth.Models.Baseline;
using KernelTruth.Models.Input;
using KernelTruth.Models.Tests.Fakes;

namespace KernelTruth.Models.Tests.Baseline;

public class MinuteAveragerTests
{
    /// <summary>
    /// A 1 s interval ending <paramref name="s"/> seconds after T0 (a minute boundary) at limit 0.4, every one of its 10
    /// periods throttled with 0.6 s of wait: μ = 0.6/(10·0.1) = 0.6, capped at 0.4·(2 − 1)/2 = 0.2 ⇒ 0.2 s of censored
    /// excess, all of it "never caught up" while the next interval is throttled throughout too.
    /// </summary>
    private static WorkloadInterval HeldBack(int s) => new()
    {
        Time = Intervals.T0.AddSeconds(s),
        Duration = TimeSpan.FromSeconds(1),
        UsageCores = 0.4,
        Periods = 10,
        ThrottledPeriods = 10,
        ThrottleWaitSeconds = 0.6,
        LimitCores = 0.4,
    };

    /// <summary>Adds held-back seconds <paramref name="from"/>..<paramref name="to"/>; the first minute they close, if any.</summary>
    private static MinuteSample? FirstClosed(MinuteAverager averager, int from, int to)
    {
        for (int s = from; s <= to; s++)
        {
            if (averager.Add(HeldBack(s)) is MinuteSample minute)
            {
                return minute;
            }
        }

        return null;
    }

    [Fact]
    public void Add_FewSecondsOfAMinuteHeldBack_ItsUsageAlone()
    {
        // Observed from 4 s before T0 + 1 min: four held-back seconds cannot show the workload never caught up, and the
        // 0.2 s waiting at their end would be 0.2/4 = 0.05 core more; the minute is its usage, 0.4 core.
        MinuteSample? closed = FirstClosed(new MinuteAverager(), from: 57, to: 61);

        Assert.NotNull(closed);
        Assert.Equal(0.4, closed.Value.UsageCores, 12);
        Assert.Equal(0, closed.Value.HiddenCores);
        Assert.Equal(0, closed.Value.DeferredCores);
    }

    [Fact]
    public void Add_AfterAShortMinute_NextMinuteNotLowered()
    {
        // The short minute did not take the 0.2 s waiting at its end, so the next (whole) minute does not take it off:
        // it starts from 0 waiting. Caught-up intervals (5 of 10 periods throttled) throughout ⇒ nothing moves at its end.
        var averager = new MinuteAverager();
        for (int s = 57; s <= 60; s++)
        {
            averager.Add(HeldBack(s));
        }

        // Interval 61 closes the short minute; interval 121 (midpoint 120.5 s) closes the whole one after it.
        var closed = new List<MinuteSample>();
        for (int s = 61; s <= 121; s++)
        {
            if (averager.Add(HeldBack(s) with { ThrottledPeriods = 5, ThrottleWaitSeconds = 0.1 }) is MinuteSample minute)
            {
                closed.Add(minute);
            }
        }

        Assert.Equal(2, closed.Count);
        Assert.Equal(0, closed[1].DeferredCores, 12); // −0.2 s / 60 s = −0.0033 core had it taken the short minute's wait off
    }

    [Fact]
    public void Add_WholeMinuteHeldBack_HiddenCounted()
    {
        // 60 held-back seconds (midpoints 0.5–59.5 s in minute T0), closed by a held-back 61st: 60 × 0.2 s hidden / 60 s = 0.2 core.
        MinuteSample? closed = FirstClosed(new MinuteAverager(), from: 1, to: 61);

        Assert.NotNull(closed);
        Assert.Equal(0.2, closed.Value.HiddenCores, 12);
    }

    [Fact]
    public void Add_HalfAMinuteHeldBack_HiddenCounted()
    {
        // Exactly MinSecondsJudged seen (30 s from T0 + 30 s): enough to judge, 30 × 0.2 s / 30 s = 0.2 core.
        MinuteSample? closed = FirstClosed(new MinuteAverager(), from: 31, to: 61);

        Assert.NotNull(closed);
        Assert.Equal(0.2, closed.Value.HiddenCores, 12);
    }
}
