using KernelTruth.Models;
using KernelTruth.Models.Recommendations;
using KernelTruth.Models.Tests.Fakes;
using KernelTruth.Recommender.Logic;

namespace KernelTruth.Simulations.Tests.Recommender;

/// <summary>The recommender's cross-check: the engine replaying a model's demand agrees with the model's own prediction.</summary>
public sealed class SimulatedEffectTests
{
    private static WorkloadModel Model()
    {
        // One minute: 540 periods at 0.2 cores, 60 at 0.8 (10 %).
        var model = new WorkloadModel(new ModelOptions());
        Assert.Empty(model.Add(Intervals.Exact(Intervals.T0, 60, (0.2, 540), (0.8, 60))));
        return model;
    }

    [Theory]
    [InlineData(0.5, 0.10)] // 10 % of periods want 0.8 > 0.5; their 30 ms backlog fits the next period (0.2 + 0.3 = 0.5)
    [InlineData(0.9, 0.0)]
    public void OfLimit_TwoLevelDemand_AgreesWithModel(double limit, double expectedRatio)
    {
        var simulated = SimulatedEffect.OfLimit(Model(), limit);

        // The model's closed form gives exactly 10 %; the replay adds the backlog the model ignores:
        // a high period followed by another high one (10 % of them) is throttled again ⇒ ~0.6 pp more.
        Assert.NotNull(simulated);
        Assert.InRange(simulated.ThrottledPeriodsRatio, expectedRatio, expectedRatio + 0.01);
    }

    [Fact]
    public void OfLimit_EmptyModel_Null()
    {
        Assert.Null(SimulatedEffect.OfLimit(new WorkloadModel(new ModelOptions()), 0.5));
    }
}
