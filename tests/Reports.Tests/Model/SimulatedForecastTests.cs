using KernelTruth.Models.Input;
using KernelTruth.Models.Recommendations;
using KernelTruth.Reports.Model;
using KernelTruth.Reports.Prediction;
using KernelTruth.Reports.Tests.Fakes;

namespace KernelTruth.Reports.Tests.Model;

public sealed class SimulatedForecastTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Ten minutes of 100 ms periods, unlimited: 95 % at 0.2 core, 5 % at 0.8 (exact buckets).</summary>
    private static WorkloadModel Bimodal()
    {
        var model = new WorkloadModel();
        for (int k = 1; k <= 10; k++)
        {
            var rejected = model.Add(new WorkloadInterval
            {
                Time = T0.AddMinutes(k),
                Duration = TimeSpan.FromMinutes(1),
                UsageCores = (0.2 * 570 + 0.8 * 30) / 600,
                PeriodUsage = [new UsageBucket(0.2, 0.2, 570), new UsageBucket(0.8, 0.8, 30)],
                MemoryBytes = 100L << 20,
            });
            Assert.Empty(rejected);
        }

        return model;
    }

    private static WorkloadFacts At(WorkloadModel model, double? limit) => Fixture.Workload() with
    {
        Model = model,
        Recommended = new ResourceAmounts(0.3, limit, 256L << 20, null),
        StatedPrediction = new ThrottleOutlook(limit, 0.5, 0.5, false), // must not be used when a model is at hand
    };

    [Fact]
    public void AtRecommendedLimit_BusyPeriodsRare_AboutTheirShareThrottled()
    {
        ThrottleOutlook after = new SimulatedForecast(StatedForecast.Instance).AtRecommendedLimit(At(Bimodal(), 0.5))!;

        // 5 % of periods want 0.8 > 0.5; the 0.03 CPU-s each leaves fits in the next period (0.2 + 0.3 ≤ 0.5).
        Assert.Equal(0.05, after.ThrottledPeriodsRatio, 0.015);
        Assert.Equal(0.5, after.LimitCores);
    }

    [Fact]
    public void AtRecommendedLimit_AboveAllDemand_NothingThrottled()
    {
        ThrottleOutlook after = new SimulatedForecast(StatedForecast.Instance).AtRecommendedLimit(At(Bimodal(), 0.9))!;

        Assert.Equal(0, after.ThrottledPeriodsRatio, 3);
        Assert.Equal(0, after.ThrottleWaitP99Seconds, 6);
    }

    [Fact]
    public void AtRecommendedLimit_BelowTheCommonDemand_AlmostEveryPeriodThrottled()
    {
        ThrottleOutlook after = new SimulatedForecast(StatedForecast.Instance).AtRecommendedLimit(At(Bimodal(), 0.1))!;

        Assert.True(after.ThrottledPeriodsRatio > 0.9, $"ratio {after.ThrottledPeriodsRatio}");
    }

    [Fact]
    public void AtRecommendedLimit_NoModel_TheProfilesOwnPrediction()
    {
        var profile = Fixture.Workload() with { StatedPrediction = new ThrottleOutlook(0.8, 0.004, 0.006, false) };

        Assert.Equal(0.004, new SimulatedForecast(StatedForecast.Instance).AtRecommendedLimit(profile)!.ThrottledPeriodsRatio);
    }
}
