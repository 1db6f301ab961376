using KernelTruth.Models.Demand;

namespace KernelTruth.Models.Throttling;

/// <summary>
/// Predicts throttling at a candidate limit from the demand distribution.
/// </summary>
/// <remarks>
/// <para>Throttled ratio at limit L with burst B: P(demand per period &gt; L + B). Burst simplification:
/// the burst bucket is assumed full at the start of every period. That holds when bursts are rare
/// and the unused quota between them (L − d per period) refills it; it overstates the burst's help
/// for back-to-back bursts. With the default burst of 0 the prediction is exact for the model.</para>
/// <para>Throttle wait: a period with demand d &gt; L + B leaves (d − L − B)·period CPU-seconds unserved,
/// and runnable threads wait that long for the next refill (summed over threads; one thread for a
/// single-threaded task). This is the same assumption the demand model uses to read μ from W/T, so
/// the two models agree by construction. The wait of an unthrottled period is 0, and percentiles
/// are over all periods, which is the latency a request arriving at a random time sees. Because the
/// wait is a nondecreasing function of d, its q-quantile is max(0, Q_d(q) − L − B)·period: monotone
/// in L, so a higher limit never predicts more throttling or more wait.</para>
/// <para>Worked example: demand 0.2 core in 95 % of 100 ms periods and 0.8 in 5 %. At L = 0.2:
/// ratio = 0.05; wait p50 = 0; Q_d(0.99) = 0.8 ⇒ wait p99 = (0.8 − 0.2)·0.1 s = 60 ms. At L = 0.8:
/// ratio 0, wait 0.</para>
/// </remarks>
// A ref struct reading the demand where it lies (a struct inside the model): nothing allocated, nothing copied, and it
// cannot outlive the call that made it, while the demand is unchanged.
internal readonly ref struct ThrottleModel
{
    private const double WaitP50 = 0.5;
    private const double WaitP99 = 0.99;

    private readonly ref readonly DemandModel _demand;

    public ThrottleModel(in DemandModel demand)
    {
        _demand = ref demand;
    }

    public ThrottlePrediction Predict(double limitCores, double burstCores, double periodSeconds)
    {
        double effective = limitCores + burstCores;
        double ratio = _demand.ExceedanceProbability(effective, out bool extrapolated);
        double p50 = WaitAt(WaitP50, effective, periodSeconds, ref extrapolated);
        double p99 = WaitAt(WaitP99, effective, periodSeconds, ref extrapolated);
        return new ThrottlePrediction(limitCores, ratio, p50, p99, extrapolated);
    }

    /// <summary>Quota wait (seconds) at the <paramref name="percentile"/> over periods, at limit + burst.</summary>
    public double WaitAt(double percentile, double effectiveLimit, double periodSeconds, ref bool extrapolated)
    {
        DemandQuantile q = _demand.Quantile(percentile);
        double wait = Math.Max(0.0, q.Cores - effectiveLimit) * periodSeconds;
        if (wait > 0 && q.Basis == QuantileBasis.Extrapolated)
        {
            extrapolated = true;
        }

        return wait;
    }
}
