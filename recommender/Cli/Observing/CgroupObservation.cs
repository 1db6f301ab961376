using KernelTruth.Models.Recommendations;
using KernelTruth.Simulations.Replay;

namespace KernelTruth.Cli.Observing;

/// <summary>One cgroup observed: what the kernel did over the whole time, and what the models recommend from it.</summary>
/// <param name="Path">The cgroup, relative to the cpu mount.</param>
/// <param name="Window">First snapshot to last.</param>
/// <param name="Intervals">Intervals that reached the model.</param>
/// <param name="Policy">The policy the recommendation was made under (its SLO).</param>
/// <param name="Simulated">The simulation engine's prediction at the recommended limit.</param>
internal sealed record CgroupObservation(string Path, CgroupWindow Window, int Intervals, Recommendation Recommendation, RecommendationPolicy Policy, LimitPrediction? Simulated = null);
