using KernelTruth.Models.Recommendations;
using KernelTruth.Simulations.Replay;

namespace KernelTruth.Recommender.Logic;

/// <summary>One workload's recommendation, or why there is none (Error set, Recommendation null).</summary>
/// <param name="Simulated">
/// The simulation engine's prediction at the recommended CPU limit (<see cref="SimulatedEffect.AtRecommendedLimit"/>),
/// beside the model's own in Recommendation.Evidence.AtRecommendedLimit; null without a recommended limit.
/// </param>
public sealed record WorkloadRecommendation(string Workload, Recommendation? Recommendation, string? Error, LimitPrediction? Simulated = null);
