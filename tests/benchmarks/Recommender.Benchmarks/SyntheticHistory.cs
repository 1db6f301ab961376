using KernelTruth.Models.Input;

namespace KernelTruth.Recommender.Benchmarks;

/// <summary>
/// Long, varied histories fed straight to models (no snapshots): each 10 s interval a container's
/// per-period demand is centred somewhere in 0.5–1.5× its own base, memory in 0.8–1.2× its own,
/// so every histogram keeps meeting new buckets. Deterministic (seeded per container).
/// </summary>
internal static class SyntheticHistory
{
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);

    public static WorkloadInterval Interval(int container, int step, Random random)
    {
        double baseCores = 0.05 + (container % 40 * 0.05);
        double centre = baseCores * (0.5 + random.NextDouble());
        long[] shape = [5, 20, 50, 20, 5];
        var buckets = new UsageBucket[shape.Length];
        double coreSeconds = 0;
        long throttled = 0;
        const double Limit = 1.0;
        for (int k = 0; k < shape.Length; k++)
        {
            double lower = centre * Math.Pow(1.0625, k - 2);
            double upper = lower * 1.0625;
            buckets[k] = new UsageBucket(lower, upper, shape[k]);
            coreSeconds += (lower + upper) / 2 * 0.1 * shape[k];
            throttled += upper > Limit ? shape[k] : 0;
        }

        var waits = new long[27];
        waits[12] = throttled; // 4–8 ms each
        var contention = new long[27];
        contention[3 + random.Next(4)] = 200;
        long memory = (long)((50 + (container % 450)) * 1048576.0 * (0.8 + (0.4 * random.NextDouble())));
        return new WorkloadInterval
        {
            Time = Start.AddSeconds(10 * (step + 1)),
            Duration = TimeSpan.FromSeconds(10),
            UsageCores = coreSeconds / 10,
            PeriodUsage = buckets,
            Periods = 100,
            ThrottledPeriods = throttled,
            ThrottleWaitSeconds = throttled * 0.008,
            ThrottleWait = waits,
            ContentionWait = contention,
            LimitCores = Limit,
            MemoryBytes = memory,
            MemoryPeakBytes = memory + 1048576,
        };
    }
}
