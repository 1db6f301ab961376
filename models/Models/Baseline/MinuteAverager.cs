using KernelTruth.Models.Demand;
using KernelTruth.Models.Input;

namespace KernelTruth.Models.Baseline;

/// <summary>
/// Turns intervals into one sample per minute, as VPA sees metrics-server: CPU is the minute's
/// duration-weighted average of UsageCores, memory the last working set seen in the minute (a scrape
/// is instantaneous). An interval belongs to the minute holding its midpoint. A minute is emitted
/// when an interval of a later minute arrives, so the unfinished minute never counts. The sample is
/// stamped with the last interval's end in its minute, as a metrics timestamp is the scrape's time.
/// What the CPU limit moved into or out of the minute, or hid, is tracked alongside
/// (<see cref="MinuteDeferral"/>; VPA ignores it, the per-minute demand behind our request adds it to
/// usage), so the baseline and our request see exactly the same minutes.
/// </summary>
/// <remarks>Worked example: 12:00:10–12:00:40 at 0.2 core and 12:00:40–12:01:10 (midpoint 12:00:55) at
/// 0.5 core are both minute 12:00: (0.2·30 + 0.5·30)/60 = 0.35 core, emitted when a 12:01 interval arrives.</remarks>
// A mutable struct inside VpaBaseline; reach it by ref, never copy it to change it.
internal struct MinuteAverager
{
    private static readonly long MinuteTicks = TimeSpan.FromMinutes(1).Ticks;

    /// <summary>Seconds of a minute that must have been seen before what the limit moved or hid counts: half of it.</summary>
    internal const double MinSecondsJudged = 30;

    // long.MinValue = no minute pending (a long? costs 8 bytes more per container).
    private long _pending;

    public MinuteAverager()
    {
        _pending = long.MinValue;
        LastTimeTicks = long.MinValue;
    }

    public long? PendingMinuteTicks
    {
        readonly get => _pending == long.MinValue ? null : _pending;
        private set => _pending = value ?? long.MinValue;
    }

    public double CoreSeconds { readonly get; private set; }

    public double Seconds { readonly get; private set; }

    /// <summary>Work the limit deferred or hid around the pending minute (a copy, for checkpoints).</summary>
    public readonly MinuteDeferral Deferral => _deferral;

    private MinuteDeferral _deferral;

    public long LastMemoryBytes { readonly get; private set; }

    /// <summary>
    /// The end of the last interval added, UTC ticks; long.MinValue before the first. WorkloadModel reads its last
    /// interval time here instead of keeping a copy (8 bytes per container): every interval it takes passes through.
    /// </summary>
    public long LastTimeTicks { readonly get; private set; }

    /// <summary>Adds an interval; returns the finished minute it closed, if any.</summary>
    public MinuteSample? Add(WorkloadInterval interval)
    {
        long midpoint = interval.Time.UtcTicks - (interval.Duration.Ticks / 2);
        long minute = midpoint / MinuteTicks * MinuteTicks;
        MinuteSample? finished = null;
        if (PendingMinuteTicks is long pending && minute > pending)
        {
            finished = Flush(pending, interval);
        }

        bool first = PendingMinuteTicks is null || minute > PendingMinuteTicks;
        if (first)
        {
            PendingMinuteTicks = minute;
        }

        double seconds = interval.Duration.TotalSeconds;
        CoreSeconds += interval.UsageCores * seconds;
        _deferral.Add(interval, first);
        Seconds += seconds;
        LastMemoryBytes = interval.MemoryBytes;
        LastTimeTicks = interval.Time.UtcTicks;
        return finished;
    }

    public void Restore(long? pendingMinuteTicks, double coreSeconds, double seconds, long lastMemoryBytes, long lastTimeTicks, MinuteDeferral deferral)
    {
        _deferral = deferral;
        LastTimeTicks = lastTimeTicks;
        PendingMinuteTicks = pendingMinuteTicks;
        CoreSeconds = coreSeconds;
        Seconds = seconds;
        LastMemoryBytes = lastMemoryBytes;
    }

    /// <summary>Closes <paramref name="minute"/>; <paramref name="next"/>, the first interval after it, says what it served of the minute's deferred work.</summary>
    private MinuteSample Flush(long minute, WorkloadInterval next)
    {
        var (moved, hidden) = _deferral.Close(next);

        // A minute seen for only a few seconds (the first of an observation, or the one after a gap) is its usage
        // alone: "never caught up" needs time to have caught up in, and work moved in or out is divided by those few
        // seconds. Example: observed from 12:00:56, four 1 s intervals under a 0.41-core limit, all throttled
        // throughout, of a workload that wants 0.42 cores and catches up every few seconds: the censored excess
        // counted as hidden (up to half the limit) made the minute 0.61 cores and the request 1.7 × what the workload
        // used once the limit was lifted (RequestUnderThrottlingOnKernelTests, when its observation began just
        // before a minute boundary). The work waiting at such a minute's end is then counted once, in the next
        // minute's usage, where it was done.
        if (Seconds < MinSecondsJudged)
        {
            (moved, hidden) = (0.0, 0.0);
            _deferral.ForgetWaiting();
        }

        var sample = new MinuteSample(
            new DateTimeOffset(Math.Max(minute, LastTimeTicks), TimeSpan.Zero),
            Seconds > 0 ? CoreSeconds / Seconds : 0.0,
            Seconds > 0 ? moved / Seconds : 0.0,
            Seconds > 0 ? hidden / Seconds : 0.0,
            LastMemoryBytes);
        CoreSeconds = 0;
        Seconds = 0;
        return sample;
    }
}

/// <summary>
/// One minute as metrics-server would have shown it (<paramref name="UsageCores"/>, <paramref name="MemoryBytes"/>),
/// plus what metrics-server does not show (<see cref="MinuteDeferral"/>), per second of wall time:
/// <paramref name="DeferredCores"/>, work that arrived in this minute but was done in the next (negative: done
/// here for the last one), and <paramref name="HiddenCores"/>, work the limit kept it from doing that never showed up.
/// </summary>
internal readonly record struct MinuteSample(DateTimeOffset Time, double UsageCores, double DeferredCores, double HiddenCores, long MemoryBytes);
