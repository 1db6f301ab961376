using KernelTruth.Models;
using KernelTruth.Models.Recommendations;
using KernelTruth.Models.Tests.Fakes;
using KernelTruth.Recommender.Logic;
using Xunit.Abstractions;

namespace KernelTruth.Simulations.Tests.Recommender;

/// <summary>
/// The model's closed form beside the engine at the recommended limit. The model takes each period
/// alone; the engine carries unserved work into the next one, so it never counts fewer throttled periods
/// (beyond the 0.1 % its 1000-quantile sample resolves).
/// </summary>
public sealed class ModelVersusEngineTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(0.1, 0.6)]
    [InlineData(0.2, 0.8)]
    [InlineData(0.45, 0.9)]
    [InlineData(1.5, 3.0)]
    public void AtRecommendedLimit_EngineCountsAtLeastTheModelsThrottledPeriods(double low, double high)
    {
        var model = new WorkloadModel(new ModelOptions());
        Assert.Empty(model.Add(Intervals.Exact(Intervals.T0, 60, (low, 540), (high, 60))));
        // A loose SLO (15 % of periods, 1 s wait) lets the limit fall below the bursts, where the two can differ.
        var policy = new RecommendationPolicy { ThrottledPeriodsSlo = 0.15, ThrottleWaitSlo = TimeSpan.FromSeconds(1) };
        var recommendation = model.Recommend(policy, Intervals.T0.AddMinutes(2));
        var closedForm = recommendation.Evidence.AtRecommendedLimit!;

        var simulated = SimulatedEffect.AtRecommendedLimit("w", model, recommendation)!;

        output.WriteLine($"demand {low}/{high} (10 % high), limit {closedForm.LimitCores:0.###}: model {closedForm.ThrottledPeriodsRatio:P2} wait p99 {closedForm.ThrottleWaitP99Seconds * 1000:0.##} ms, engine {simulated.ThrottledPeriodsRatio:P2} wait p99 {simulated.ThrottleWaitP99Seconds * 1000:0.##} ms");
        Assert.Equal(closedForm.LimitCores, simulated.LimitCores);
        Assert.True(simulated.ThrottledPeriodsRatio >= closedForm.ThrottledPeriodsRatio - 0.002, $"engine {simulated.ThrottledPeriodsRatio} < model {closedForm.ThrottledPeriodsRatio}");
    }
}
