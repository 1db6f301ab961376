using KernelTruth.Models.Input;

namespace KernelTruth.Models.Tests.Fakes;

/// <summary>Hand-made intervals: exact per-period demand, 100 ms periods.</summary>
internal static class Intervals
{
    public static readonly DateTimeOffset T0 = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// An interval of <paramref name="seconds"/> ending at <paramref name="end"/> whose periods used
    /// exactly the given cores (buckets [c, c]); nothing throttled, no limit.
    /// </summary>
    public static WorkloadInterval Exact(DateTimeOffset end, double seconds, params (double Cores, long Count)[] periods)
    {
        var buckets = new UsageBucket[periods.Length];
        double coreSeconds = 0;
        for (int i = 0; i < periods.Length; i++)
        {
            buckets[i] = new UsageBucket(periods[i].Cores, periods[i].Cores, periods[i].Count);
            coreSeconds += periods[i].Cores * periods[i].Count * 0.1;
        }

        Array.Sort(buckets, (a, b) => a.LowerCores.CompareTo(b.LowerCores));
        return new WorkloadInterval
        {
            Time = end,
            Duration = TimeSpan.FromSeconds(seconds),
            UsageCores = coreSeconds / seconds,
            PeriodUsage = buckets,
            MemoryBytes = 200L * 1024 * 1024,
        };
    }

    /// <summary>One 60 s interval per minute k = 0..count−1, midpoint on minute k, all the same shape.</summary>
    public static IEnumerable<WorkloadInterval> Minutes(int count, Func<DateTimeOffset, WorkloadInterval> make, int startMinute = 0)
    {
        for (int k = startMinute; k < startMinute + count; k++)
        {
            yield return make(T0.AddMinutes(k).AddSeconds(30));
        }
    }
}
