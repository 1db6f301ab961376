using KernelTruth.Models.Recommendations;
using KernelTruth.Simulations.Replay;

namespace KernelTruth.Recommender.Logic;

/// <summary>
/// The simulation engine's prediction for a modelled workload: the model's per-period demand
/// distribution, sampled at <see cref="SamplePeriods"/> quantiles and put in a fixed pseudo-random
/// order (the model keeps the distribution, not the sequence, so periods are taken as independent),
/// replayed through CFS bandwidth at the limit. The recommender states each recommendation's
/// predicted effect with it (<see cref="AtRecommendedLimit"/>), beside the model's own closed-form
/// prediction (ThrottleModel); the two differ where the engine's kernel details matter (backlog
/// carried into the next period, the tick overrun).
/// </summary>
public static class SimulatedEffect
{
    /// <summary>Quantiles sampled: ratios resolve to 0.1 %, and a replay costs a few µs.</summary>
    public const int SamplePeriods = 1000;

    /// <summary>Parallelism is not in the model: a cap this high never binds.</summary>
    private const int UncappedCpus = 1024;

    /// <summary>The order's seed when no workload is named: the same model always gives the same answer.</summary>
    public const int DefaultSeed = SamplePeriods;

    /// <summary>
    /// The engine's prediction at the recommendation's CPU limit, under the burst and period the
    /// workload runs with now (what the model's own prediction assumes too); null when no limit is
    /// recommended or the model has no periods.
    /// </summary>
    public static LimitPrediction? AtRecommendedLimit(string workload, WorkloadModel model, Recommendation recommendation)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(recommendation);
        return recommendation.Cpu.LimitCores is double limit && limit > 0
            ? OfLimit(model, limit, model.CurrentBurstCores, model.CurrentPeriodSeconds, SeedOf(workload))
            : null;
    }

    /// <summary>
    /// A seed from the workload's key that is the same in every process (string.GetHashCode is not):
    /// 32-bit FNV-1a over the UTF-16 code units.
    /// </summary>
    public static int SeedOf(string workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        uint hash = 2166136261;
        foreach (char c in workload)
        {
            hash = (hash ^ c) * 16777619;
        }

        return unchecked((int)hash);
    }

    public static LimitPrediction? OfLimit(WorkloadModel model, double limitCores, double burstCores = 0, double periodSeconds = 0.1, int seed = DefaultSeed)
    {
        ArgumentNullException.ThrowIfNull(model);
        double[] sample = model.DemandSample(SamplePeriods);
        if (sample.Length == 0)
        {
            return null;
        }

        // Fisher–Yates with a fixed seed: the same model (and workload) always gives the same answer.
        var random = new Random(seed);
        for (int i = sample.Length - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (sample[i], sample[j]) = (sample[j], sample[i]);
        }

        return LimitEffect.Predict(sample, periodSeconds, UncappedCpus, limitCores, burstCores);
    }
}
