using KernelTruth.Models.Input;
using KernelTruth.Recommender.Logic;

namespace KernelTruth.Cluster.Profiles;

/// <summary>
/// What was measured for one workload container since the recommender began watching it (not decayed,
/// not checkpointed: a restart starts a new window, and windowSeconds says how long it is). Fed with every
/// replica's interval before replicas are merged, so usage is a per-container mean (what metrics-server
/// would show, averaged) and the throttled ratio pools all replicas' periods.
/// Worked example: two replicas, 10 s each at 0.2 and 0.4 cores ⇒ (2 + 4) core-s / 20 s = 0.3 cores.
/// </summary>
public sealed class MeasuredWindow
{
    private readonly HashSet<string> _pods = new(StringComparer.Ordinal);
    private readonly List<long> _throttleWait = [];
    private readonly List<long> _contentionWait = [];
    private double _coreSeconds;
    private double _seconds;
    private long _periods;
    private long _throttled;

    public DateTimeOffset? First { get; private set; }

    public DateTimeOffset? Last { get; private set; }

    public long OomKills { get; private set; }

    public long MemoryPeakBytes { get; private set; }

    public int Pods => _pods.Count;

    public void Add(string pod, WorkloadInterval interval)
    {
        ArgumentNullException.ThrowIfNull(interval);
        _pods.Add(pod);
        var start = interval.Time - interval.Duration;
        First = First is { } f && f <= start ? f : start;
        Last = Last is { } l && l >= interval.Time ? l : interval.Time;
        _coreSeconds += interval.UsageCores * interval.Duration.TotalSeconds;
        _seconds += interval.Duration.TotalSeconds;
        _periods += interval.Periods;
        _throttled += interval.ThrottledPeriods;
        OomKills += interval.OomKills;
        MemoryPeakBytes = Math.Max(MemoryPeakBytes, Math.Max(interval.MemoryPeakBytes ?? 0, interval.MemoryBytes));
        AddSlots(_throttleWait, interval.ThrottleWait);
        AddSlots(_contentionWait, interval.ContentionWait);
    }

    public long WindowSeconds => First is { } f && Last is { } l ? (long)Math.Round((l - f).TotalSeconds) : 0;

    public double UsageAverageCores => _seconds > 0 ? _coreSeconds / _seconds : 0;

    public double ThrottledPeriodsRatio => _periods > 0 ? (double)_throttled / _periods : 0;

    /// <summary>Upper edges of the log2 slots (at most 2× the true value).</summary>
    public double ThrottleWaitSeconds(double p) => Log2Percentile.UpperEdgeSeconds(_throttleWait, p);

    /// <summary>Upper edges of the log2 slots (at most 2× the true value).</summary>
    public double ContentionWaitSeconds(double p) => Log2Percentile.UpperEdgeSeconds(_contentionWait, p);

    private static void AddSlots(List<long> into, IReadOnlyList<long> slots)
    {
        for (int i = 0; i < slots.Count; i++)
        {
            if (i == into.Count)
            {
                into.Add(0);
            }

            into[i] += slots[i];
        }
    }
}
