using KernelTruth.Models.Input;
using KernelTruth.Models.Recommendations;

namespace KernelTruth.Recommender.Logic;

/// <summary>
/// What the engine keeps of a workload's last interval to list it as a <see cref="WorkloadActivity"/>: the numbers the
/// model does not keep, held in the workload's entry instead of a record of their own (32 bytes instead of a 96-byte
/// object and the reference to it). The interval's time and limit are the model's: it was the model's last interval
/// (the engine sets this as soon as the model takes a sensor's interval; borrowed history is added only to a workload
/// without a model, and a restored model comes with none of this), and the model
/// keeps its time as UTC ticks (<see cref="WorkloadModel.LastIntervalTime"/>) and its limit in force
/// (<see cref="WorkloadModel.CurrentLimitCores"/>), so only the time's offset is kept here. The wait percentiles are
/// kept as their log2 edge (<see cref="Log2Percentile.UpperEdge"/>), from which the same seconds are computed again.
/// 3 doubles (24) + 2 wait edges (2 × 2) + offset minutes (2) + seen (1) = 31, padded to 32; with the time's ticks and
/// the limit kept again here (8 + 8 + 1) it was 48.
/// </summary>
internal readonly struct LastActivity
{
    private readonly double _usageCores;
    private readonly double _throttledPeriodsRatio;
    private readonly double _switchesPerSecond;
    private readonly ushort _throttleWaitP99Edge;
    private readonly ushort _contentionWaitP99Edge;
    private readonly short _offsetMinutes;

    private LastActivity(WorkloadInterval interval, double switchesPerSecond)
    {
        _offsetMinutes = (short)interval.Time.TotalOffsetMinutes;
        _usageCores = interval.UsageCores;
        _throttledPeriodsRatio = interval.Periods > 0 ? (double)interval.ThrottledPeriods / interval.Periods : 0;
        _throttleWaitP99Edge = (ushort)Log2Percentile.UpperEdge(interval.ThrottleWait, 0.99);
        _contentionWaitP99Edge = (ushort)Log2Percentile.UpperEdge(interval.ContentionWait, 0.99);
        _switchesPerSecond = switchesPerSecond;
        Seen = true;
    }

    /// <summary>False until an interval reached the model (a workload restored from a checkpoint or bootstrapped).</summary>
    public bool Seen { get; }

    /// <summary>The activity of <paramref name="interval"/>, which <paramref name="switchesPerSecond"/> came with.</summary>
    public static LastActivity Of(WorkloadInterval interval, double switchesPerSecond) => new(interval, switchesPerSecond);

    /// <summary>The interval's time: the model's last interval's instant, at the interval's own offset.</summary>
    public DateTimeOffset Time(WorkloadModel model) =>
        (model.LastIntervalTime ?? throw new InvalidOperationException("the model holds no interval")).ToOffset(TimeSpan.FromMinutes(_offsetMinutes));

    /// <summary>The activity listed; <paramref name="model"/> is the model the interval was the last one of.</summary>
    public WorkloadActivity For(string workload, WorkloadModel model) => new(
        workload,
        Time(model),
        _usageCores,
        model.CurrentLimitCores,
        _throttledPeriodsRatio,
        Log2Percentile.EdgeSeconds(_throttleWaitP99Edge),
        Log2Percentile.EdgeSeconds(_contentionWaitP99Edge),
        _switchesPerSecond);
}
