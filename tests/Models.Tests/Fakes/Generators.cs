using FsCheck;
using FsCheck.Fluent;
using KernelTruth.Models.Input;

namespace KernelTruth.Models.Tests.Fakes;

/// <summary>FsCheck generators for demand shapes and intervals.</summary>
internal static class Generators
{
    /// <summary>1–8 distinct demand values (1 m – 3 cores) with 1–60 periods each, ascending.</summary>
    public static Gen<(double Cores, long Count)[]> Pattern =>
        Gen.ArrayOf(
                from m in Gen.Choose(1, 3000)
                from c in Gen.Choose(1, 60)
                select (m, c))
            .Where(a => a.Length > 0)
            .Select(a => a.DistinctBy(x => x.m).OrderBy(x => x.m).Take(8).Select(x => (x.m / 1000.0, (long)x.c)).ToArray());

    /// <summary>An interval with the pattern's periods, optionally some of them throttled under a limit at the top value.</summary>
    public static WorkloadInterval Interval(DateTimeOffset end, (double Cores, long Count)[] pattern, int throttledPercent, double meanExcess, long memoryBytes)
    {
        WorkloadInterval i = Intervals.Exact(end, 60, pattern) with { MemoryBytes = memoryBytes, MemoryPeakBytes = memoryBytes + 4096 };
        long top = pattern[^1].Count;
        long throttled = top * throttledPercent / 100;
        if (throttled == 0)
        {
            return i;
        }

        long periods = pattern.Sum(p => p.Count);
        return i with
        {
            LimitCores = pattern[^1].Cores,
            Periods = periods,
            ThrottledPeriods = throttled,
            ThrottleWaitSeconds = meanExcess * throttled * 0.1,
            RequestCores = pattern[^1].Cores / 2,
        };
    }
}
