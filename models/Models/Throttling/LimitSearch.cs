using KernelTruth.Models.Demand;

namespace KernelTruth.Models.Throttling;

/// <summary>
/// Finds the smallest limit L, on the millicore grid, whose predicted throttled ratio ≤ r and whose
/// predicted throttle-wait at percentile q ≤ w.
/// </summary>
/// <remarks>
/// Both predictions are monotone in L (<see cref="ThrottleModel"/>), so the answer has a closed form
/// in two demand quantiles instead of a scan: ratio ≤ r ⟺ L + B ≥ Q_d(1 − r), and
/// wait_q ≤ w ⟺ L + B ≥ Q_d(q) − w/period. So L = max(Q_d(1 − r), Q_d(q) − w/period) − B, rounded
/// up to a whole millicore, then clamped to [min, max] and checked against the model (a step of 1 m
/// more if float rounding left it a hair short).
/// Worked example: demand 0.3 core in every period, r = 1 %, q = 0.99, w = 10 ms, period 0.1 s, B = 0:
/// Q_d(0.99) = 0.3 and 0.3 − 0.01/0.1 = 0.2 ⇒ L = 0.300. With 5 % of periods at 0.8 and 95 % at 0.2:
/// r = 1 % ⇒ Q_d(0.99) = 0.8 ⇒ L = 0.800; r = 10 % ⇒ Q_d(0.90) = 0.2, but wait p99 = (0.8 − 0.2)·0.1 s
/// = 60 ms &gt; 10 ms forces L ≥ 0.8 − 0.1 = 0.7; with the wait SLO relaxed to 1 s, L = 0.200.
/// </remarks>
internal static class LimitSearch
{
    public const double MinimumLimitCores = 0.001;

    public static SloLimit Find(
        DemandModel demand,
        double ratioSlo,
        double waitSloSeconds,
        double waitPercentile,
        double burstCores,
        double periodSeconds,
        double minCores,
        double maxCores)
    {
        var model = new ThrottleModel(demand);
        double forRatio = demand.Quantile(1.0 - ratioSlo).Cores;
        double forWait = demand.Quantile(waitPercentile).Cores - (waitSloSeconds / periodSeconds);
        double uncapped = Math.Max(RoundUp(Math.Max(forRatio, forWait) - burstCores), MinimumLimitCores);

        double limit = Math.Clamp(uncapped, Math.Max(minCores, MinimumLimitCores), maxCores);
        ThrottlePrediction prediction = model.Predict(limit, burstCores, periodSeconds);
        for (int nudge = 0; nudge < 3 && !Meets(model, prediction, ratioSlo, waitSloSeconds, waitPercentile, burstCores, periodSeconds) && limit + 0.001 <= maxCores; nudge++)
        {
            limit = RoundUp(limit + 0.001);
            uncapped = Math.Max(uncapped, limit);
            prediction = model.Predict(limit, burstCores, periodSeconds);
        }

        bool met = Meets(model, prediction, ratioSlo, waitSloSeconds, waitPercentile, burstCores, periodSeconds);
        return new SloLimit(limit, uncapped, met, prediction);
    }

    /// <summary>Rounds up to a whole millicore, absorbing float noise of 1e-6 m (0.30000000000000004 stays 0.300).</summary>
    public static double RoundUp(double cores) => Math.Ceiling((cores * 1000.0) - 1e-6) / 1000.0;

    private static bool Meets(ThrottleModel model, ThrottlePrediction p, double ratioSlo, double waitSlo, double waitPercentile, double burst, double period)
    {
        bool ignored = false;
        double wait = model.WaitAt(waitPercentile, p.LimitCores + burst, period, ref ignored);
        return p.ThrottledPeriodsRatio <= ratioSlo + 1e-12 && wait <= waitSlo + 1e-12;
    }
}
