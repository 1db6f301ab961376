using KernelTruth.Kubernetes.Attribution;
using KernelTruth.Models.Recommendations;

namespace KernelTruth.Kubernetes.Profiles;

/// <summary>One workload container's facts for its WorkloadProfile.</summary>
/// <param name="Demand">Per-period demand at p50, p95, p99 in cores (censoring-aware, from the model).</param>
public sealed record ProfileInputs(
    WorkloadRef Workload,
    string Container,
    Recommendation Recommendation,
    MeasuredWindow Measured,
    (double P50, double P95, double P99) Demand,
    CurrentResources Current);
