using KernelTruth.Models.Demand;
using KernelTruth.Models.Throttling;

namespace KernelTruth.Models.Recommendations;

/// <summary>The CPU part of a recommendation and the facts the evidence needs.</summary>
internal sealed record CpuResult(
    CpuRecommendation Recommendation,
    DemandQuantile AtRequestPercentile,
    TimeSpan RequestWindow,
    bool RequestIncludesCensoredDemand,
    SloLimit? Slo,
    QuantileBasis LimitBasis,
    double? Ratio,
    ThrottlePrediction? AtRecommendedLimit);
