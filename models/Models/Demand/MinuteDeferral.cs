using KernelTruth.Models.Input;
using KernelTruth.Simulations.Replay;

namespace KernelTruth.Models.Demand;

/// <summary>
/// Demand the CPU limit moved or hid, per minute, read the way the what-if replay reads a trace
/// (<see cref="DeferredWork"/>, with observation intervals as its steps): work a throttled stretch
/// deferred shows up in the usage after it, so it is counted once, where it arrived; only a minute
/// the limit held back from start to finish, without catching up after, hides demand it never did.
/// </summary>
/// <remarks>
/// <para>Per interval: "throttled throughout" (<see cref="CensoredExcess.ThrottledThroughout"/>) means
/// work may be waiting at its end; any unthrottled period means the workload ran out of work then.
/// Work waiting at a minute's end is h = min(usage of the next interval + what that one leaves,
/// the last interval's censored excess) when the last interval was throttled throughout, else 0;
/// the minute's demand moves by h_end − h_start. The next interval's own leftover is taken as its
/// censored excess when it too was throttled throughout (the stretch goes on), else 0.</para>
/// <para>A minute whose every interval, and the next one, were throttled throughout never caught up:
/// the work it could not do was not deferred into a later minute but is unseen. It is counted as the
/// per-period model's censored excess (<see cref="CensoredExcess"/>): the same bounded step the
/// limit takes, which the next observation at a raised limit measures.</para>
/// <para>Why not throttle wait: it is time spent waiting, summed over waiting threads, and a thread
/// throttled with a little work left waits out the rest of the period. Measured on the kernel
/// (`RequestUnderThrottlingOnKernelTests`): bursty workloads wanting 0.42 cores, started under a
/// 0.4-core limit (83–89 % of periods throttled), made up the deferred work in the periods after;
/// counting the wait as CPU wanted put the request at 0.80 (one thread) and 0.89 cores (three
/// threads), 1.9 and 2.1 × what they used once the limit was lifted; this rule puts it at 1.00–1.03 ×.</para>
/// <para>Worked example (1 s intervals at limit 0.4, period 0.1 s): the minute's last interval
/// throttled in all 10 periods with 0.6 s of wait (μ = 0.6/(10·0.1) = 0.6, capped at 0.2 ⇒
/// excess 10·0.1·0.2 = 0.2 s); the next interval used 0.35 s, not throttled throughout ⇒
/// h_end = min(0.35 + 0, 0.2) = 0.2 s; with h_start = 0 and 24 s used, the minute's demand is
/// 24.2 s / 60 s = 0.403 core, and the next minute's starts 0.2 s lower.</para>
/// </remarks>
// A mutable struct inside MinuteAverager; never copy it to change it.
internal struct MinuteDeferral
{
    // Each flag rides in the sign bit of the amount it qualifies, set = negative: both amounts are censored excess,
    // never below 0, so the sign is free, and two bools beside three doubles would pad the struct from 24 to 32 bytes
    // in every container. The amounts read back with the sign cleared (Math.Abs: exactly the value stored).
    private double _censoredAllThroughout;
    private double _lastCapThroughout;

    /// <summary>Work waiting when the pending minute began, CPU-seconds (the last minute's h_end).</summary>
    public double WaitingAtStartSeconds { readonly get; private set; }

    /// <summary>The pending minute's censored excess so far, CPU-seconds (counted only if it never catches up).</summary>
    public readonly double CensoredSeconds => Math.Abs(_censoredAllThroughout);

    /// <summary>The last interval's censored excess, CPU-seconds: the most that can be waiting after it.</summary>
    public readonly double LastCapSeconds => Math.Abs(_lastCapThroughout);

    /// <summary>The pending minute's last interval was throttled throughout.</summary>
    public readonly bool LastThrottledThroughout => double.IsNegative(_lastCapThroughout);

    /// <summary>Every interval of the pending minute so far was throttled throughout.</summary>
    public readonly bool AllThrottledThroughout => double.IsNegative(_censoredAllThroughout);

    /// <summary>Adds an interval of the pending minute.</summary>
    public void Add(WorkloadInterval interval, bool firstOfMinute)
    {
        bool throughout = CensoredExcess.ThrottledThroughout(interval);
        double excess = CensoredExcess.Seconds(interval);
        bool allThroughout = (firstOfMinute || AllThrottledThroughout) && throughout;
        _censoredAllThroughout = Flagged(firstOfMinute ? excess : CensoredSeconds + excess, allThroughout);
        _lastCapThroughout = Flagged(excess, throughout);
    }

    /// <summary>
    /// Closes the pending minute with the first interval of the next one (<paramref name="next"/>,
    /// not yet added): the CPU-seconds its demand moves by (h_end − h_start, may be negative) and the
    /// CPU-seconds it hid (0 unless it never caught up). The next minute starts waiting h_end.
    /// </summary>
    public (double MovedSeconds, double HiddenSeconds) Close(WorkloadInterval next)
    {
        bool nextThroughout = CensoredExcess.ThrottledThroughout(next);
        double nextUsage = next.UsageCores * next.Duration.TotalSeconds;
        double nextWaiting = nextThroughout ? CensoredExcess.Seconds(next) : 0.0;
        double waitingAtEnd = LastThrottledThroughout && LastCapSeconds > 0 ? DeferredWork.WaitingAfterThrottled(LastCapSeconds, nextUsage, nextWaiting) : 0.0;
        double moved = waitingAtEnd - WaitingAtStartSeconds;
        double hidden = AllThrottledThroughout && nextThroughout ? CensoredSeconds : 0.0;
        WaitingAtStartSeconds = waitingAtEnd;
        return (moved, hidden);
    }

    /// <summary>
    /// The minute just closed did not take the work waiting at its end (it was seen too briefly to judge), so the next
    /// minute must not take it off either: that work is counted once, in the usage of the minute that did it.
    /// </summary>
    public void ForgetWaiting() => WaitingAtStartSeconds = 0;

    /// <summary>The state a checkpoint holds.</summary>
    public static MinuteDeferral Restored(double waitingAtStartSeconds, double censoredSeconds, double lastCapSeconds, bool lastThrottledThroughout, bool allThrottledThroughout) => new()
    {
        WaitingAtStartSeconds = waitingAtStartSeconds,
        _censoredAllThroughout = Flagged(censoredSeconds, allThrottledThroughout),
        _lastCapThroughout = Flagged(lastCapSeconds, lastThrottledThroughout),
    };

    /// <summary>The amount (≥ 0) with the flag in its sign bit: −0.0 for a flagged 0.</summary>
    private static double Flagged(double amount, bool flag) => flag ? -Math.Abs(amount) : Math.Abs(amount);
}
