using KernelTruth.Models.Demand;
using KernelTruth.Models.Input;
using KernelTruth.Models.Tests.Fakes;

namespace KernelTruth.Models.Tests.Demand;

public class MinuteDeferralTests
{
    /// <summary>A 1 s interval at limit 0.4: 10 periods, <paramref name="throttled"/> of them throttled, <paramref name="wait"/> s of throttle wait.</summary>
    private static WorkloadInterval Second(int s, double usage, long throttled, double wait) => new()
    {
        Time = Intervals.T0.AddSeconds(s),
        Duration = TimeSpan.FromSeconds(1),
        UsageCores = usage,
        Periods = 10,
        ThrottledPeriods = throttled,
        ThrottleWaitSeconds = wait,
        LimitCores = 0.4,
    };

    [Fact]
    public void Close_LastIntervalThrottledThroughoutThenCaughtUp_MovesWhatWaitedIntoTheMinute()
    {
        // Last interval: all 10 periods throttled, wait 0.6 s ⇒ μ = 0.6/(10·0.1) = 0.6, capped at
        // 0.4·(2 − 1)/2 = 0.2 ⇒ at most 10·0.1·0.2 = 0.2 s waits. The next served 0.35 s and caught up
        // (5 of 10 throttled) ⇒ 0.2 s moves into the closing minute; nothing was hidden.
        var deferral = new MinuteDeferral();
        deferral.Add(Second(1, 0.4, 5, 0.2), firstOfMinute: true);
        deferral.Add(Second(2, 0.4, 10, 0.6), firstOfMinute: false);

        var (moved, hidden) = deferral.Close(Second(3, 0.35, 5, 0.2));

        Assert.Equal(0.2, moved, 12);
        Assert.Equal(0, hidden);
        Assert.Equal(0.2, deferral.WaitingAtStartSeconds, 12); // the next minute starts 0.2 s lower
    }

    [Fact]
    public void Close_HeldBackThroughoutAndAfter_HidesTheCensoredExcess()
    {
        // Both intervals and the next one throttled in every period, μ capped at 0.2 ⇒ 0.2 s each ⇒
        // 0.4 s hidden. What waits at the end: min(0.4 + 0.2, 0.2) = 0.2 s.
        var deferral = new MinuteDeferral();
        deferral.Add(Second(1, 0.4, 10, 0.9), firstOfMinute: true);
        deferral.Add(Second(2, 0.4, 10, 0.9), firstOfMinute: false);

        var (moved, hidden) = deferral.Close(Second(3, 0.4, 10, 0.9));

        Assert.Equal(0.4, hidden, 12);
        Assert.Equal(0.2, moved, 12);
    }

    [Fact]
    public void Close_OneIntervalCaughtUp_NothingHiddenWhateverTheWait()
    {
        // Three threads waited 0.75 s a second, but the first interval had unthrottled periods: the
        // work deferred was done, not lost.
        var deferral = new MinuteDeferral();
        deferral.Add(Second(1, 0.4, 5, 0.75), firstOfMinute: true);
        deferral.Add(Second(2, 0.4, 5, 0.75), firstOfMinute: false);

        var (moved, hidden) = deferral.Close(Second(3, 0.4, 10, 0.75));

        Assert.Equal((0.0, 0.0), (moved, hidden));
    }

    [Fact]
    public void Restored_EveryFlagWithEveryAmount_ReadsBackBitForBit()
    {
        // The flags share the amounts' sign bits: every pair must come back as given, 0 included (a flagged 0 is
        // stored as −0.0 and must read as +0.0, the value a checkpoint wrote), and no flag may leak into the other.
        double[] amounts = [0.0, 1e-300, 0.2, 12.5];
        foreach (double censored in amounts)
        {
            foreach (double lastCap in amounts)
            {
                foreach (bool last in new[] { false, true })
                {
                    foreach (bool all in new[] { false, true })
                    {
                        var deferral = MinuteDeferral.Restored(0.7, censored, lastCap, last, all);

                        Assert.Equal(BitConverter.DoubleToInt64Bits(censored), BitConverter.DoubleToInt64Bits(deferral.CensoredSeconds));
                        Assert.Equal(BitConverter.DoubleToInt64Bits(lastCap), BitConverter.DoubleToInt64Bits(deferral.LastCapSeconds));
                        Assert.Equal(last, deferral.LastThrottledThroughout);
                        Assert.Equal(all, deferral.AllThrottledThroughout);
                        Assert.Equal(0.7, deferral.WaitingAtStartSeconds);
                    }
                }
            }
        }
    }
}
