using KernelTruth.Models.Demand;
using KernelTruth.Models.Throttling;

namespace KernelTruth.Models.Recommendations;

/// <summary>Why the numbers are what they are: which history, which percentile, which SLO, what it predicts.</summary>
public sealed record RecommendationEvidence
{
    public DateTimeOffset? HistoryStart { get; init; }

    public DateTimeOffset? HistoryEnd { get; init; }

    /// <summary>now − the last interval's end.</summary>
    public TimeSpan? Staleness { get; init; }

    public long Intervals { get; init; }

    /// <summary>CFS periods seen, undecayed.</summary>
    public long Periods { get; init; }

    public TimeSpan DemandHalfLife { get; init; }

    public double RequestPercentile { get; init; }

    public double SafetyMargin { get; init; }

    /// <summary>Demand averaged over <see cref="RequestWindow"/> at <see cref="RequestPercentile"/>, before the margin.</summary>
    public double DemandAtRequestPercentileCores { get; init; }

    /// <summary>Observed for per-minute demand (measured usage + measured throttle wait); for the per-period fallback, that quantile's basis.</summary>
    public QuantileBasis RequestBasis { get; init; }

    /// <summary>
    /// What the request's demand is averaged over: 1 min (per-minute demand, the normal case), or
    /// the CFS period while no minute has finished yet (per-period demand, which overstates it).
    /// </summary>
    public TimeSpan RequestWindow { get; init; }

    /// <summary>
    /// Whether the request's demand includes censored excess, demand the limit hid and nothing
    /// measured (the bounded step of <see cref="Demand.CensoredExcess"/>): true when any minute behind it
    /// was held back throughout (or, in the per-period fallback, any period was throttled). Work a
    /// throttled stretch only deferred is counted once, where it arrived, and does not set this.
    /// </summary>
    public bool RequestIncludesCensoredDemand { get; init; }

    /// <summary>Finished minutes held back throughout, whose demand includes censored excess, undecayed.</summary>
    public long CensoredMinutes { get; init; }

    public double DemandMeanCores { get; init; }

    /// <summary>Decayed share of periods that were throttled and so known only as "demand ≥ limit".</summary>
    public double CensoredPeriodsShare { get; init; }

    public double ThrottledPeriodsSlo { get; init; }

    public TimeSpan ThrottleWaitSlo { get; init; }

    public double ThrottleWaitPercentile { get; init; }

    /// <summary>The smallest limit meeting the SLO within min/max; null when not searched (no limit, no data).</summary>
    public double? SloLimitCores { get; init; }

    public bool? SloMet { get; init; }

    public QuantileBasis LimitBasis { get; init; }

    /// <summary>The limit/request ratio VPA will keep, when used.</summary>
    public double? LimitRequestRatio { get; init; }

    public ThrottlePrediction? AtRecommendedLimit { get; init; }

    /// <summary>The limit in force at the last interval; null = unlimited.</summary>
    public double? CurrentLimitCores { get; init; }

    public ThrottlePrediction? AtCurrentLimit { get; init; }

    /// <summary>Prediction at the limit the stock VPA would set (baseline target × ratio).</summary>
    public ThrottlePrediction? AtBaselineLimit { get; init; }

    public double? MeasuredThrottledRatio { get; init; }

    public double? MeasuredThrottleWaitP99Seconds { get; init; }

    public double ContentionWaitP50Seconds { get; init; }

    public double ContentionWaitP99Seconds { get; init; }

    public string? ContentionNote { get; init; }

    /// <summary>
    /// Where history the sensor did not measure came from while it still decides the numbers (e.g. "prometheus"
    /// for cAdvisor series read at start); null when the recommendation rests on the sensor's own data.
    /// </summary>
    public string? HistorySource { get; init; }

    /// <summary>
    /// Whether the workload's recent starts were throttled and what fixes it, with the simulator's ready times; null
    /// when no start with a measured warm-up was seen. Its note is among <see cref="Notes"/> when throttled.
    /// </summary>
    public Startup.StartupAdvice? Startup { get; init; }

    /// <summary>Plain-language lines: raised, capped, extrapolated, SLO missed.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}
