using KernelTruth.Models;
using KernelTruth.Models.Recommendations;
using KernelTruth.Models.Tests.Fakes;
using KernelTruth.Recommender.Checkpoint;
using KernelTruth.Recommender.Logic;
using Microsoft.Extensions.Logging.Abstractions;

namespace KernelTruth.Simulations.Tests.Recommender;

/// <summary>The recommender states each recommendation's predicted effect with the simulation engine.</summary>
public sealed class PredictedEffectTests
{
    private const string Workload = "shop/Deployment/web/app";
    private static readonly DateTimeOffset Now = Intervals.T0.AddMinutes(2);

    /// <summary>One minute of 100 ms periods, <paramref name="levels"/> demand levels and their counts.</summary>
    private static RecommenderEngine Engine(params (double Cores, long Count)[] levels)
    {
        var model = new WorkloadModel(new ModelOptions());
        Assert.Empty(model.Add(Intervals.Exact(Intervals.T0, 60, levels)));
        var engine = new RecommenderEngine(NullLogger.Instance);
        engine.Restore(new RecommenderCheckpoint { Workloads = [new WorkloadCheckpoint(Workload, model.ToCheckpoint())] });
        return engine;
    }

    [Fact]
    public void Recommend_AttachesTheEnginesPredictionAtTheRecommendedLimit()
    {
        var engine = Engine((0.2, 540), (0.8, 60));

        var result = Assert.Single(engine.Recommend(new RecommendationPolicy(), Now));

        double limit = result.Recommendation!.Cpu.LimitCores!.Value;
        Assert.NotNull(result.Simulated);
        Assert.Equal(engine.SimulateLimit(Workload, limit), result.Simulated);
        Assert.Equal(limit, result.Simulated.LimitCores);
        Assert.Equal(engine.PredictedEffect(Workload, result.Recommendation), result.Simulated);
    }

    [Fact]
    public void SimulateLimit_DemandAboveTheLimitInAKnownShare_ThatShare()
    {
        // 540 periods want 0.1 core, 60 (10 %) want 0.6; limit 0.5 → quota 50 ms per 100 ms period.
        // A 0.6 period is throttled and leaves 60 − 50 = 10 ms; the next low period needs 10 + 10 = 20 ms ≤ 50,
        // a next high one was throttled anyway: no low period is ever throttled ⇒ exactly 60/600 = 10 %.
        var engine = Engine((0.1, 540), (0.6, 60));

        var p = engine.SimulateLimit(Workload, 0.5);

        Assert.NotNull(p);
        Assert.Equal(0.10, p.ThrottledPeriodsRatio, 0.002);
        Assert.False(p.Extrapolated);
    }

    [Fact]
    public void SimulateLimit_SameStateTwice_SameNumbers()
    {
        var a = Engine((0.2, 540), (0.8, 60)).SimulateLimit(Workload, 0.45);
        var b = Engine((0.2, 540), (0.8, 60)).SimulateLimit(Workload, 0.45);

        Assert.Equal(a, b);
    }

    [Fact]
    public void Recommend_NoModelPeriods_NoSimulatedEffect()
    {
        var engine = new RecommenderEngine(NullLogger.Instance);

        Assert.Empty(engine.Recommend(new RecommendationPolicy(), Now));
        Assert.Null(engine.SimulateLimit(Workload, 0.5));
    }
}
