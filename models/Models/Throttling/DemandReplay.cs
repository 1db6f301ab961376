using KernelTruth.Models.Demand;
using KernelTruth.Simulations.Replay;

namespace KernelTruth.Models.Throttling;

/// <summary>
/// The model's per-period demand replayed through the simulation engine's CFS bandwidth replay:
/// <see cref="SamplePeriods"/> quantiles of the demand distribution in one fixed pseudo-random
/// order (the model keeps the distribution, not the sequence, so periods are taken as independent).
/// Unlike the closed form (<see cref="ThrottleModel"/>), the replay carries the work a throttled
/// period could not do into the next periods, as the kernel does, and counts periods as cpu.stat
/// does. The limit search checks its candidates with it and the recommender reports it, so both
/// see the same order.
/// </summary>
public static class DemandReplay
{
    /// <summary>Quantiles sampled: ratios resolve to 0.1 %, and a replay costs a few µs.</summary>
    public const int SamplePeriods = 1000;

    /// <summary>Seed of the fixed order: the same model always gives the same answer.</summary>
    private const int Seed = SamplePeriods;

    /// <summary>Parallelism is not in the model: a cap this high never binds.</summary>
    private const int UncappedCpus = 1024;

    /// <summary>
    /// Demand (cores) at the quantiles (i + 0.5) / <see cref="SamplePeriods"/>, put in the fixed
    /// order (Fisher–Yates, seed <see cref="Seed"/>); empty without periods.
    /// </summary>
    internal static double[] Ordered(DemandModel demand)
    {
        if (demand.IsEmpty)
        {
            return [];
        }

        var sample = new double[SamplePeriods];
        for (int i = 0; i < sample.Length; i++)
        {
            sample[i] = demand.Quantile((i + 0.5) / SamplePeriods).Cores;
        }

        var random = new Random(Seed);
        for (int i = sample.Length - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (sample[i], sample[j]) = (sample[j], sample[i]);
        }

        return sample;
    }

    /// <summary>The engine's prediction for <paramref name="ordered"/> demand (from <see cref="Ordered"/>) at a limit.</summary>
    internal static LimitPrediction Predict(double[] ordered, double limitCores, double burstCores, double periodSeconds) =>
        LimitEffect.Predict(ordered, periodSeconds, UncappedCpus, limitCores, burstCores);
}
