using KernelTruth.Models.Input;

namespace KernelTruth.MetricsAdapter.Metrics;

/// <summary>
/// One cgroup's intervals over a sliding window (e.g. the last 60 s), summed on demand. An
/// interval is kept while its end lies within the window of the newest interval's end.
/// </summary>
internal sealed class CgroupWindow(TimeSpan window)
{
    private readonly Queue<WorkloadInterval> _intervals = new();

    public DateTimeOffset? Latest { get; private set; }

    public void Add(WorkloadInterval interval)
    {
        _intervals.Enqueue(interval);
        Latest = interval.Time;
        // An interval ending at exactly latest − window started before the window: drop it.
        while (_intervals.Count > 1 && _intervals.Peek().Time <= interval.Time - window)
        {
            _intervals.Dequeue();
        }
    }

    /// <summary>The window's sums with the given request; null before the first interval.</summary>
    public MetricSums? Sum(double? requestCores)
    {
        if (_intervals.Count == 0)
        {
            return null;
        }

        double seconds = 0, usageCoreSeconds = 0, throttleWaitSeconds = 0;
        long periods = 0, throttled = 0;
        var throttle = new long[MetricSums.WaitSlots];
        var contention = new long[MetricSums.WaitSlots];
        foreach (var i in _intervals)
        {
            double s = i.Duration.TotalSeconds;
            seconds += s;
            usageCoreSeconds += i.UsageCores * s;
            throttleWaitSeconds += i.ThrottleWaitSeconds;
            periods += i.Periods;
            throttled += i.ThrottledPeriods;
            AddSlots(throttle, i.ThrottleWait);
            AddSlots(contention, i.ContentionWait);
        }

        double demand = seconds > 0 ? MetricSums.Demand(usageCoreSeconds / seconds, throttleWaitSeconds / seconds) : 0;
        return new MetricSums(Latest!.Value, seconds, periods, throttled, throttle, contention, demand, requestCores);
    }

    private static void AddSlots(long[] into, IReadOnlyList<long> slots)
    {
        int n = Math.Min(into.Length, slots.Count);
        for (int k = 0; k < n; k++)
        {
            into[k] += slots[k];
        }

        // A longer histogram than the sensor's 27 slots cannot happen (the validator caps it); fold any rest into the last slot.
        for (int k = n; k < slots.Count; k++)
        {
            into[^1] += slots[k];
        }
    }
}
