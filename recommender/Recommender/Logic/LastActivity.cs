using KernelTruth.Models.Input;

namespace KernelTruth.Recommender.Logic;

/// <summary>
/// What the engine keeps of a workload's last interval to list it as a <see cref="WorkloadActivity"/>: the same
/// numbers, held in the workload's entry instead of a record of their own (56 bytes instead of a 96-byte object and
/// the reference to it). The wait percentiles are kept as their log2 edge (<see cref="Log2Percentile.UpperEdge"/>),
/// from which the same seconds are computed again. The time is kept as its UTC ticks and offset in minutes: a
/// DateTimeOffset field (8 bytes of ticks, 2 of offset, padded to 16) made the struct 56 bytes, this 48 (32 + 8 + 2 + 2
/// × 2 + 2 × 1), and the same time comes back, offset included.
/// </summary>
internal readonly struct LastActivity
{
    private readonly long _utcTicks;
    private readonly double _usageCores;
    private readonly double _limitCores;
    private readonly double _throttledPeriodsRatio;
    private readonly double _switchesPerSecond;
    private readonly ushort _throttleWaitP99Edge;
    private readonly ushort _contentionWaitP99Edge;
    private readonly short _offsetMinutes;
    private readonly bool _limited;

    private LastActivity(WorkloadInterval interval, double switchesPerSecond)
    {
        (_utcTicks, _offsetMinutes) = (interval.Time.UtcTicks, (short)interval.Time.TotalOffsetMinutes);
        _usageCores = interval.UsageCores;
        (_limited, _limitCores) = interval.LimitCores is double limit ? (true, limit) : (false, 0);
        _throttledPeriodsRatio = interval.Periods > 0 ? (double)interval.ThrottledPeriods / interval.Periods : 0;
        _throttleWaitP99Edge = (ushort)Log2Percentile.UpperEdge(interval.ThrottleWait, 0.99);
        _contentionWaitP99Edge = (ushort)Log2Percentile.UpperEdge(interval.ContentionWait, 0.99);
        _switchesPerSecond = switchesPerSecond;
        Seen = true;
    }

    /// <summary>False until an interval reached the model (a workload restored from a checkpoint or bootstrapped).</summary>
    public bool Seen { get; }

    public DateTimeOffset Time => new DateTimeOffset(_utcTicks, TimeSpan.Zero).ToOffset(TimeSpan.FromMinutes(_offsetMinutes));

    public static LastActivity Of(WorkloadInterval interval, double switchesPerSecond) => new(interval, switchesPerSecond);

    public WorkloadActivity For(string workload) => new(
        workload,
        Time,
        _usageCores,
        _limited ? _limitCores : null,
        _throttledPeriodsRatio,
        Log2Percentile.EdgeSeconds(_throttleWaitP99Edge),
        Log2Percentile.EdgeSeconds(_contentionWaitP99Edge),
        _switchesPerSecond);
}
