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

    [Fact]
    public void Add_FewSecondsOfAMinuteHeldBack_HiddenNotCounted()
    {
        // Observed from 4 s before T0 + 1 min: four held-back seconds cannot show the workload never caught up.
        var averager = new MinuteAverager();
        MinuteSample? closed = null;
        for (int s = 57; s <= 61 && closed is null; s++)
        {
            closed = averager.Add(HeldBack(s));
        }

        Assert.NotNull(closed);
        Assert.Equal(0.4, closed.Value.UsageCores, 12);
        Assert.Equal(0, closed.Value.HiddenCores);
    }

    [Fact]
    public void Add_WholeMinuteHeldBack_HiddenCounted()
    {
        // 60 held-back seconds (midpoints 0.5–59.5 s in minute T0), closed by a held-back 61st: 60 × 0.2 s hidden / 60 s = 0.2 core.
        var averager = new MinuteAverager();
        MinuteSample? closed = null;
        for (int s = 1; s <= 61 && closed is null; s++)
        {
            closed = averager.Add(HeldBack(s));
        }

        Assert.NotNull(closed);
        Assert.Equal(0.2, closed.Value.HiddenCores, 12);
    }

    [Fact]
    public void Add_HalfAMinuteHeldBack_HiddenCounted()
    {
        // Exactly MinSecondsForHidden seen (30 s from T0 + 30 s): enough to judge, 30 × 0.2 s / 30 s = 0.2 core.
        var averager = new MinuteAverager();
        MinuteSample? closed = null;
        for (int s = 31; s <= 61 && closed is null; s++)
        {
            closed = averager.Add(HeldBack(s));
        }

        Assert.NotNull(closed);
        Assert.Equal(0.2, closed.Value.HiddenCores, 12);
    }
}
