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

    /// <summary>The quantiles sampled, ascending: (i + 0.5) / <see cref="SamplePeriods"/>.</summary>
    private static readonly double[] Percentiles = [.. Enumerable.Range(0, SamplePeriods).Select(i => (i + 0.5) / SamplePeriods)];

    /// <summary>
    /// Where each sorted quantile goes in the replay: Fisher–Yates with seed <see cref="Seed"/> applied to the
    /// indices once, since the shuffle depends only on the seed and the length, never on the values.
    /// </summary>
    private static readonly int[] Order = Shuffled(SamplePeriods);

    // Per thread, for Predict: the last sample's arrivals at its period, and the wait buffer.
    [ThreadStatic]
    private static double[]? _arrivalsOf;

    [ThreadStatic]
    private static double _arrivalsPeriod;

    [ThreadStatic]
    private static double[]? _arrivals;

    [ThreadStatic]
    private static double[]? _waits;

    // Per thread, for Ordered: the ascending quantiles and the ordered sample. One recommendation builds one
    // sample and both replays read it; a new array each time was 16 KB allocated and zeroed per workload
    // per cycle (the largest cost of a 100 000-container cycle after the replays themselves).
    [ThreadStatic]
    private static double[]? _sorted;

    [ThreadStatic]
    private static double[]? _sample;

    /// <summary>
    /// Demand (cores) at the quantiles (i + 0.5) / <see cref="SamplePeriods"/> on the millicore grid
    /// (<see cref="DemandModel.GridQuantilesAscending"/>), put in the fixed
    /// order (Fisher–Yates, seed <see cref="Seed"/>); empty without periods. The array is shared: the limit
    /// search and the predicted effect of one recommendation read the same one (callers never write to it).
    /// It is this thread's buffer: valid until the next call here builds a sample for another model or for
    /// this model after it changed, so read it before asking again.
    /// </summary>
    internal static double[] Ordered(in DemandModel demand)
    {
        if (demand.IsEmpty)
        {
            return [];
        }

        if (demand.RememberedSample is { } remembered)
        {
            return remembered;
        }

        double[] sorted = _sorted ??= new double[SamplePeriods];
        demand.GridQuantilesAscending(Percentiles, sorted);
        double[] sample = _sample ??= new double[SamplePeriods];
        for (int i = 0; i < sample.Length; i++)
        {
            sample[i] = sorted[Order[i]];
        }

        // The buffer holds another sample now: arrivals Predict derived from its old content are stale.
        _arrivalsOf = null;
        demand.RememberedSample = sample;
        return sample;
    }

    private static int[] Shuffled(int n)
    {
        var order = new int[n];
        for (int i = 0; i < n; i++)
        {
            order[i] = i;
        }

        var random = new Random(Seed);
        for (int i = n - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }

        return order;
    }

    /// <summary>
    /// A 64-bit fingerprint of an ordered sample's exact bits (multiply–rotate mixing, as xxHash's rounds do):
    /// two samples with the same fingerprint are taken as the same (a false match has odds of about 2^-64).
    /// </summary>
    internal static ulong Fingerprint(ReadOnlySpan<double> ordered)
    {
        const ulong Prime1 = 0x9E3779B185EBCA87UL;
        const ulong Prime2 = 0xC2B2AE3D27D4EB4FUL;
        ulong hash = Prime2 ^ (ulong)ordered.Length;
        foreach (double value in ordered)
        {
            hash ^= (ulong)BitConverter.DoubleToInt64Bits(value) * Prime2;
            hash = System.Numerics.BitOperations.RotateLeft(hash, 31) * Prime1;
        }

        hash ^= hash >> 33;
        hash *= Prime2;
        return hash ^ (hash >> 29);
    }

    /// <summary>
    /// The engine's prediction for <paramref name="ordered"/> demand (from <see cref="Ordered"/>) at a limit: what
    /// <see cref="LimitEffect.Predict(IReadOnlyList{double}, double, int, double, double)"/> computes, with the
    /// arrivals (demand × period) and the wait buffer kept per thread: the limit search replays one sample at up to
    /// ~20 limits, and each replay allocated 16 KB for them.
    /// </summary>
    internal static LimitPrediction Predict(double[] ordered, double limitCores, double burstCores, double periodSeconds)
    {
        if (!ReferenceEquals(_arrivalsOf, ordered) || !_arrivalsPeriod.Equals(periodSeconds) || _arrivals?.Length != ordered.Length)
        {
            _arrivals = _arrivals?.Length == ordered.Length ? _arrivals : new double[ordered.Length];
            for (int k = 0; k < ordered.Length; k++)
            {
                _arrivals[k] = ordered[k] * periodSeconds;
            }

            _arrivalsOf = ordered;
            _arrivalsPeriod = periodSeconds;
        }

        _waits = _waits?.Length == ordered.Length ? _waits : new double[ordered.Length];
        var demand = new DemandSeries(periodSeconds, _arrivals, UncappedCpus, CensoringInfo.None(ordered.Length));
        return BandwidthReplay.Run(demand, new BandwidthLimit(limitCores, periodSeconds, burstCores), _waits);
    }
}
