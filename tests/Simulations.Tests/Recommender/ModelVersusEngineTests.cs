using KernelTruth.Models;
using KernelTruth.Models.Recommendations;
using KernelTruth.Models.Tests.Fakes;
using KernelTruth.Recommender.Logic;
using Xunit.Abstractions;

namespace KernelTruth.Simulations.Tests.Recommender;

/// <summary>
/// The model's closed form beside the engine at the recommended limit. The closed form takes each
/// period alone; the engine carries unserved work into the next one, so it never counts fewer
/// throttled periods (beyond the 0.1 % its 1000-quantile sample resolves). The limit search checks
/// its limit with the engine, so the engine's prediction at the recommended limit meets the SLO
/// too: with a loose SLO (15 % of periods, 1 s wait) the closed form alone picked limits at which
/// the engine throttled 64–98 % of periods.
/// </summary>
public sealed class ModelVersusEngineTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(0.1, 0.6)]
    [InlineData(0.2, 0.8)]
    [InlineData(0.45, 0.9)]
    [InlineData(1.5, 3.0)]
    public void AtRecommendedLimit_EngineMeetsTheSloAndCountsAtLeastTheModelsThrottledPeriods(double low, double high)
    {
        var model = new WorkloadModel(new ModelOptions());
        Assert.Empty(model.Add(Intervals.Exact(Intervals.T0, 60, (low, 540), (high, 60))));
        var policy = new RecommendationPolicy { ThrottledPeriodsSlo = 0.15, ThrottleWaitSlo = TimeSpan.FromSeconds(1) };
        var recommendation = model.Recommend(policy, Intervals.T0.AddMinutes(2));
        var closedForm = recommendation.Evidence.AtRecommendedLimit!;

        var simulated = SimulatedEffect.AtRecommendedLimit(model, recommendation)!;
        // Each period alone: P(d > low) = 10 % ≤ 15 % ⇒ the closed form's limit is `low`.
        var atClosedFormLimit = SimulatedEffect.OfLimit(model, low)!;

        output.WriteLine($"demand {low}/{high} (10 % high): each period alone {atClosedFormLimit.LimitCores:0.###} (engine there {atClosedFormLimit.ThrottledPeriodsRatio:P1}); recommended {closedForm.LimitCores:0.###}: model {closedForm.ThrottledPeriodsRatio:P2}, engine {simulated.ThrottledPeriodsRatio:P2} wait p99 {simulated.ThrottleWaitP99Seconds * 1000:0.##} ms");
        Assert.Equal(closedForm.LimitCores, simulated.LimitCores);
        Assert.True(simulated.ThrottledPeriodsRatio <= policy.ThrottledPeriodsSlo + 1e-9, $"engine {simulated.ThrottledPeriodsRatio} over the SLO {policy.ThrottledPeriodsSlo}");
        Assert.True(simulated.ThrottleWaitP99Seconds <= policy.ThrottleWaitSlo.TotalSeconds + 1e-9, $"engine wait p99 {simulated.ThrottleWaitP99Seconds}");
        Assert.True(simulated.ThrottledPeriodsRatio >= closedForm.ThrottledPeriodsRatio - 0.002, $"engine {simulated.ThrottledPeriodsRatio} < model {closedForm.ThrottledPeriodsRatio}");
        Assert.Contains(recommendation.Evidence.Notes, n => n.Contains("each period taken alone", StringComparison.Ordinal));
    }
}
