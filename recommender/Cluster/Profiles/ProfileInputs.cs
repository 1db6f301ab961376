using KernelTruth.Cluster.Attribution;
using KernelTruth.Models.Recommendations;
using KernelTruth.Models.Startup;
using KernelTruth.Recommender.Forecast;
using KernelTruth.Simulations.Replay;

namespace KernelTruth.Cluster.Profiles;

/// <summary>One workload container's facts for its WorkloadProfile.</summary>
/// <param name="Demand">Per-period demand at p50, p95, p99 in cores (censoring-aware, from the model).</param>
/// <param name="Startup">Recent container starts (kernel start timelines); null when none was seen.</param>
/// <param name="Forecast">What is published as cpu_demand_forecast_cores for the container; null before its first finished minute.</param>
/// <param name="Simulated">The simulation engine's prediction at the recommended limit; status.predicted takes its numbers.</param>
public sealed record ProfileInputs(
    WorkloadRef Workload,
    string Container,
    Recommendation Recommendation,
    MeasuredWindow Measured,
    (double P50, double P95, double P99) Demand,
    CurrentResources Current,
    LimitPrediction? Simulated = null,
    StartupSummary? Startup = null,
    DemandForecast? Forecast = null);
