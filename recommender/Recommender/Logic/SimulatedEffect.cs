using KernelTruth.Models.Recommendations;
using KernelTruth.Simulations.Replay;

namespace KernelTruth.Recommender.Logic;

/// <summary>
/// The simulation engine's prediction for a modelled workload: the model's per-period demand
/// distribution, sampled at <see cref="SamplePeriods"/> quantiles and put in a fixed pseudo-random
/// order (the model keeps the distribution, not the sequence, so periods are taken as independent),
/// replayed through CFS bandwidth at the limit. It cross-checks the model's own closed-form
/// prediction (ThrottleModel) with the engine that `ktruth simulate` uses on recorded traces; the two
/// differ where the engine's kernel details matter (backlog carried into the next period, the tick
/// overrun).
/// </summary>
public static class SimulatedEffect
{
    /// <summary>Quantiles sampled: ratios resolve to 0.1 %, and a replay costs a few µs.</summary>
    public const int SamplePeriods = 1000;

    /// <summary>Parallelism is not in the model: a cap this high never binds.</summary>
    private const int UncappedCpus = 1024;

    public static LimitPrediction? OfLimit(WorkloadModel model, double limitCores, double burstCores = 0, double periodSeconds = 0.1)
    {
        ArgumentNullException.ThrowIfNull(model);
        double[] sample = model.DemandSample(SamplePeriods);
        if (sample.Length == 0)
        {
            return null;
        }

        // Fisher–Yates with a fixed seed: the same model always gives the same answer.
        var random = new Random(SamplePeriods);
        for (int i = sample.Length - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (sample[i], sample[j]) = (sample[j], sample[i]);
        }

        return LimitEffect.Predict(sample, periodSeconds, UncappedCpus, limitCores, burstCores);
    }
}
