using KernelTruth.Models.Input;
using KernelTruth.Models.Recommendations;

namespace KernelTruth.Cluster.Tests.Vpa;

/// <summary>Models fed with simple, hand-checkable histories.</summary>
internal static class History
{
    public static readonly DateTimeOffset Start = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// 10 s intervals for <paramref name="minutes"/> minutes; in every interval, of 100 periods, 70 use
    /// <paramref name="low"/> cores and 30 use <paramref name="high"/> cores (bursty). Unlimited, so nothing
    /// is censored. 200 MiB of memory.
    /// </summary>
    public static WorkloadModel Bursty(double low, double high, int minutes)
    {
        var model = new WorkloadModel();
        for (int i = 1; i <= minutes * 6; i++)
        {
            var rejected = model.Add(new WorkloadInterval
            {
                Time = Start.AddSeconds(10 * i),
                Duration = TimeSpan.FromSeconds(10),
                UsageCores = (0.7 * low) + (0.3 * high),
                PeriodUsage = [new UsageBucket(low, low, 70), new UsageBucket(high, high, 30)],
                MemoryBytes = 200L << 20,
                MemoryPeakBytes = 200L << 20,
            });
            Assert.Empty(rejected);
        }

        return model;
    }
}
