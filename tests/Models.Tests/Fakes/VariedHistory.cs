using KernelTruth.Models.Input;

namespace KernelTruth.Models.Tests.Fakes;

/// <summary>
/// Deterministic, deliberately awkward histories for whole models: demand wandering over log-linear buckets,
/// limits that change (up to six different ones, past the four censored limits kept), throttle and contention
/// waits in changing slots or none at all, memory peaks that rise within a window, OOM kills, and gaps of hours
/// or days (windows move, weights decay to nothing). Seeded per workload.
/// </summary>
internal static class VariedHistory
{
    private static readonly double[] Limits = [0.3, 0.45, 0.6, 0.8, 1.1, 1.5];

    /// <summary>Short half-lives and a small entry budget for one workload in four: decay references move and entries merge or underflow.</summary>
    public static ModelOptions? Options(int workload) => workload % 4 != 0 ? null : new ModelOptions
    {
        DemandHalfLife = TimeSpan.FromMinutes(2),
        WaitHalfLife = TimeSpan.FromMinutes(2),
        MemoryHalfLife = TimeSpan.FromMinutes(10),
        MemoryAggregationInterval = TimeSpan.FromMinutes(30),
        DemandMaxEntries = 8,
    };

    /// <summary>The intervals of one workload, 10 s apart except for its gaps.</summary>
    public static IEnumerable<WorkloadInterval> Of(int workload, int count)
    {
        var random = new Random(1000 + workload);
        DateTimeOffset time = Intervals.T0;
        double baseCores = 0.05 + (workload % 7 * 0.15);
        long baseMemory = (100 + (workload * 37 % 400)) * 1024L * 1024;
        for (int step = 0; step < count; step++)
        {
            time = time.AddSeconds(10);
            if (workload % 5 == 0 && step % 400 == 399)
            {
                time = time.AddHours(workload % 2 == 0 ? 7 : 50); // idle stretch: windows move, weights decay
            }

            yield return Interval(workload, step, time, baseCores, baseMemory, random);
        }
    }

    private static WorkloadInterval Interval(int workload, int step, DateTimeOffset time, double baseCores, long baseMemory, Random random)
    {
        double? limit = (workload % 3) switch
        {
            0 => Limits[step / 150 % Limits.Length],
            1 => null,
            _ => Limits[workload % Limits.Length],
        };

        double centre = baseCores * (0.4 + (1.4 * random.NextDouble()));
        int width = 1 + random.Next(6);
        var buckets = new UsageBucket[width];
        long periods = 0;
        long throttled = 0;
        double coreSeconds = 0;
        double lower = centre;
        for (int k = 0; k < width; k++)
        {
            double upper = lower * 1.0625;
            long n = 1 + random.Next(40);
            buckets[k] = new UsageBucket(lower, upper, n);
            periods += n;
            coreSeconds += (lower + upper) / 2 * 0.1 * n;
            throttled += limit is double l && upper > l ? n : 0;
            lower = upper; // buckets touch and never overlap, as the sensor's do
        }

        var throttleWait = new long[27];
        double waitSeconds = 0;
        if (throttled > 0)
        {
            int slot = 10 + random.Next(8);
            throttleWait[slot] = throttled;
            waitSeconds = throttled * 1.5 * Math.ScaleB(1e-6, slot);
        }

        var contention = new long[27];
        if (workload % 6 != 1)
        {
            contention[random.Next(20)] = random.Next(300);
            contention[random.Next(20)] += random.Next(5);
        }

        long memory = (long)(baseMemory * (0.7 + (0.6 * random.NextDouble())));
        bool oom = workload % 4 == 1 && step % 333 == 100;
        return new WorkloadInterval
        {
            Time = time,
            Duration = TimeSpan.FromSeconds(10),
            UsageCores = coreSeconds / 10,
            PeriodUsage = buckets,
            Periods = limit is null ? 0 : periods,
            ThrottledPeriods = throttled,
            ThrottleWaitSeconds = waitSeconds,
            ThrottleWait = throttleWait,
            ContentionWait = contention,
            LimitCores = limit,
            RequestCores = limit is double r ? r / 2 : null,
            MemoryBytes = memory,
            MemoryPeakBytes = memory + (random.Next(3) * 1024L * 1024),
            MemoryRequestBytes = oom ? baseMemory : null,
            OomKills = oom ? 1 : 0,
        };
    }
}
