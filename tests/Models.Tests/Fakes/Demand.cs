using KernelTruth.Models.Demand;
using KernelTruth.Models.Histograms;
using KernelTruth.Models.Input;

namespace KernelTruth.Models.Tests.Fakes;

/// <summary>Builds demand models from exact or throttled intervals.</summary>
internal static class Demand
{
    /// <summary>The shape the models here are fed with: a 24 h half-life, 64 entries.</summary>
    public static HistogramShape Shape { get; } = DemandModel.Shape(TimeSpan.FromHours(24), 64);

    public static DemandModel Model() => new();

    public static DemandModel Exact(params (double Cores, long Count)[] periods)
    {
        DemandModel model = Model();
        model.Add(Shape, Intervals.Exact(Intervals.T0, 10, periods));
        return model;
    }

    /// <summary>
    /// Every one of <paramref name="periods"/> periods throttled at <paramref name="limit"/>, with a
    /// total throttle wait giving mean excess <paramref name="meanExcess"/>: W = μ·T·period.
    /// </summary>
    public static WorkloadInterval AllThrottled(DateTimeOffset end, double limit, double meanExcess, long periods = 100)
    {
        double wait = meanExcess * periods * 0.1;
        return new WorkloadInterval
        {
            Time = end,
            Duration = TimeSpan.FromSeconds(periods * 0.1),
            UsageCores = limit,
            PeriodUsage = [new UsageBucket(limit * 0.97, limit * 1.02, periods)],
            Periods = periods,
            ThrottledPeriods = periods,
            ThrottleWaitSeconds = wait,
            LimitCores = limit,
            MemoryBytes = 100L * 1024 * 1024,
        };
    }
}
