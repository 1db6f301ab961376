using KernelTruth.Reports.Model;

namespace KernelTruth.Reports.Prediction;

/// <summary>
/// The one seam for "what throttling will the recommended limit cause". The default
/// (<see cref="StatedForecast"/>) takes the source's own prediction (Models' ThrottleModel, via the
/// profile's status.predicted or the recommendation's evidence); the simulation engine can stand in
/// for it where it has a workload model (<see cref="WorkloadFacts.Model"/>).
/// </summary>
public interface IThrottleForecast
{
    /// <summary>Throttling at the recommended CPU limit; null when it cannot be told.</summary>
    ThrottleOutlook? AtRecommendedLimit(WorkloadFacts workload);
}
