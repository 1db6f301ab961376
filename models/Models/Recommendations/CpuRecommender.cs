using System.Globalization;
using KernelTruth.Models.Demand;
using KernelTruth.Models.Estimation;
using KernelTruth.Models.Histograms;
using KernelTruth.Models.Throttling;

namespace KernelTruth.Models.Recommendations;

/// <summary>
/// CPU request and limit: the request from per-minute demand, the limit from per-period demand.
/// </summary>
/// <remarks>
/// <para>Request: per-minute demand (<see cref="MinuteDemand"/>: usage over each finished minute, with work
/// the limit deferred counted where it arrived, and censored excess for minutes held back throughout) P90·(1 + 0.15); lower P50·(1 + 0.15)·(1 + 0.001/d)^−2; upper P95·(1 + 0.15)·(1 + 1/d) (VPA's
/// chain on VPA's window, applied to demand instead of usage). The request decides placement and
/// long-run share, so it follows the minute, not the 100 ms burst. Worked examples: 0.3 core in
/// every period, 1 day ⇒ every minute 0.3 ⇒ request 0.345, upper 0.345·2 = 0.690; 0.5 core in 30 %
/// of periods, idle otherwise ⇒ every minute 0.15 ⇒ request 0.1725 ⇒ 0.173, while the limit stays ≥ 0.5.
/// Until a first minute has finished, the request falls back to per-period demand (higher, never lower).</para>
/// <para>Limit: the smallest SLO limit on per-period demand (<see cref="LimitSearch"/>), never below the
/// request (Kubernetes requires request ≤ limit). With RequestsAndLimits and ratio r VPA will set limit = request·r, so
/// the request is raised to at least SLO limit/r: e.g. SLO limit 0.8, r = 2 ⇒ request ≥ 0.4 ⇒ limit 0.8.</para>
/// <para>min/maxAllowed clamp the request and bounds; uncappedTarget keeps the value before it.
/// Everything is rounded up to a whole millicore at the end; bounds are widened to contain the request.</para>
/// </remarks>
internal static class CpuRecommender
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    public static CpuResult Recommend(in DemandModel demand, in MinuteDemand minutes, HistogramShape minuteShape, RecommendationPolicy policy, CurrentSettings current, double confidenceDays, List<string> notes, ref ReplayMemo memo)
    {
        var bounds = new BoundsEstimator(policy.RequestPercentile, policy.LowerBoundPercentile, policy.UpperBoundPercentile, policy.SafetyMargin, 0.0, Amounts.Exact);
        RequestDemand basis = RequestBasis(demand, in minutes, minuteShape, policy, current, notes);
        var (target, lower, upper) = bounds.Estimate(basis.Source, confidenceDays);
        double max = policy.MaxCpuCores ?? ModelDefaults.MaxCpuCores;
        double min = policy.MinCpuCores ?? 0.0;

        SloLimit? slo = null;
        var limitBasis = QuantileBasis.NoData;
        double? ratio = null;
        double uncapped = target;
        if (policy.LimitMode == LimitMode.Slo && !demand.IsEmpty)
        {
            slo = LimitSearch.Find(demand, policy.ThrottledPeriodsSlo, policy.ThrottleWaitSlo.TotalSeconds, policy.ThrottleWaitPercentile, current.BurstCores, current.PeriodSeconds, min, max, ref memo);
            bool extrapolated = slo.Prediction.Extrapolated || demand.Quantile(1.0 - policy.ThrottledPeriodsSlo).Basis == QuantileBasis.Extrapolated;
            limitBasis = extrapolated ? QuantileBasis.Extrapolated : QuantileBasis.Observed;
            if (slo.UncappedLimitCores > slo.PerPeriodLimitCores + 1e-9)
            {
                notes.Add(Text($"the SLO limit is {slo.UncappedLimitCores:0.###} cores, not the {slo.PerPeriodLimitCores:0.###} that each period taken alone needs: work a throttled period cannot do waits into the next ones, and replayed with that backlog {slo.PerPeriodLimitCores:0.###} misses the SLO"));
            }

            if (!slo.SloMet)
            {
                notes.Add(Text($"no limit up to maxAllowed {max:0.###} meets the SLO; the SLO needs {slo.UncappedLimitCores:0.###} cores"));
            }

            if (extrapolated)
            {
                notes.Add(Text($"the limit is extrapolated from censored data: {demand.CensoredShare:P1} of periods were throttled, so their demand is known only as ≥ the limit and modelled as spread up to at most twice the limit; the next observation at the raised limit measures the rest"));
            }

            if (policy.ControlledValues == ControlledValues.RequestsAndLimits)
            {
                ratio = policy.LimitRequestRatio ?? current.Ratio;
            }

            if (ratio is null && policy.ControlledValues == ControlledValues.RequestsAndLimits)
            {
                notes.Add("no limit/request ratio is known (no current limit or request): VPA will not derive a limit, so the recommended limit is advice to apply by hand");
            }

            if (ratio is double r)
            {
                double needed = slo.LimitCores / r;
                if (needed > uncapped)
                {
                    notes.Add(Text($"request raised from {LimitSearch.RoundUp(uncapped):0.###} to {LimitSearch.RoundUp(needed):0.###} cores so that the limit VPA derives (request × {r:0.###}) reaches the SLO limit {slo.LimitCores:0.###}"));
                    uncapped = needed;
                }
                else
                {
                    notes.Add(Text($"VPA keeps limit/request = {r:0.###}: the limit it derives, {LimitSearch.RoundUp(uncapped * r):0.###}, meets the SLO (needs ≥ {slo.LimitCores:0.###})"));
                }
            }
        }
        else if (policy.LimitMode == LimitMode.NoLimit)
        {
            notes.Add("no CPU limit by policy: the container is never throttled; the request alone sets its CPU share");
        }

        double request = LimitSearch.RoundUp(ClampEstimator.Clamp(uncapped, min, max));
        if (ClampEstimator.Clamp(uncapped, min, max) != uncapped)
        {
            notes.Add(Text($"request capped to {request:0.###} cores by min/maxAllowed (uncapped {LimitSearch.RoundUp(uncapped):0.###})"));
        }

        double lowerBound = Math.Min(LimitSearch.RoundUp(ClampEstimator.Clamp(lower, min, max)), request);
        double upperBound = Math.Max(LimitSearch.RoundUp(ClampEstimator.Clamp(double.IsFinite(upper) ? upper : max, min, max)), request);

        double? limit = null;
        if (slo is not null)
        {
            limit = ratio is double r ? LimitSearch.RoundUp(request * r) : Math.Max(slo.LimitCores, request);
            if (ratio is null && slo.LimitCores < request)
            {
                notes.Add(Text($"limit raised from the SLO limit {slo.LimitCores:0.###} to the request {request:0.###}: Kubernetes needs limit ≥ request"));
            }
        }

        ThrottlePrediction? atLimit = limit is double l ? new ThrottleModel(demand).Predict(l, current.BurstCores, current.PeriodSeconds) : null;
        var recommendation = new CpuRecommendation(request, limit, lowerBound, upperBound, LimitSearch.RoundUp(uncapped));
        return new CpuResult(recommendation, basis.AtPercentile, basis.Window, basis.IncludesCensoredDemand, slo, limitBasis, ratio, atLimit);
    }

    /// <summary>Per-minute demand when a minute has finished, else per-period demand; says which in the notes.</summary>
    private static RequestDemand RequestBasis(in DemandModel demand, in MinuteDemand minutes, HistogramShape minuteShape, RecommendationPolicy policy, CurrentSettings current, List<string> notes)
    {
        if (minutes.IsEmpty)
        {
            if (!demand.IsEmpty)
            {
                notes.Add("no minute has finished yet: the request comes from per-period demand, which overstates it for bursty work");
            }

            return new RequestDemand(new DemandSource(demand), demand.Quantile(policy.RequestPercentile), TimeSpan.FromSeconds(current.PeriodSeconds), demand.CensoredShare > 0);
        }

        IQuantileSource source = minutes.AsQuantileSource(minuteShape);
        double cores = source.Quantile(policy.RequestPercentile);
        bool censored = minutes.CensoredMinutes > 0;
        if (censored)
        {
            notes.Add(Text($"the request's per-minute demand (P{policy.RequestPercentile * 100:0.#} = {cores:0.###} cores) includes {minutes.CensoredMinutes} minutes the limit held back in every period without catching up: what they could not do is unseen and counted as at most half the limit more, as for the limit; the next observation at the raised limit measures it"));
        }

        return new RequestDemand(source, new DemandQuantile(cores, QuantileBasis.Observed), Minute, censored);
    }

    private static string Text(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private readonly record struct RequestDemand(IQuantileSource Source, DemandQuantile AtPercentile, TimeSpan Window, bool IncludesCensoredDemand);
}
