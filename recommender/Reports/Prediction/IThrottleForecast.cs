using KernelTruth.Reports.Model;

namespace KernelTruth.Reports.Prediction;

/// <summary>
/// The one seam for "what throttling will the recommended limit cause". `ktruth report` uses
/// <see cref="SimulatedForecast"/> (the simulation engine's CFS replay of the workload model's demand)
/// where a model is at hand, and <see cref="StatedForecast"/> (the source's own prediction: the
/// profile's status.predicted, or Models' ThrottleModel in the recommendation's evidence) elsewhere.
/// </summary>
public interface IThrottleForecast
{
    /// <summary>Throttling at the recommended CPU limit; null when it cannot be told.</summary>
    ThrottleOutlook? AtRecommendedLimit(WorkloadFacts workload);
}
