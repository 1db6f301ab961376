using KernelTruth.Recommender.Routines;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace KernelTruth.Recommender.Hosting;

/// <summary>Healthy while every routine finished within 5× its interval; the description says how long ago each did.</summary>
public sealed class RecommenderHealthCheck(RecommenderLoop loop) : IHealthCheck
{
    public const string Name = "kernel-truth-routines";

    /// <summary>The tag a liveness endpoint selects it by (ktruth-recommender's /healthz).</summary>
    public const string Tag = "live";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(loop.IsHealthy(out string reason) ? HealthCheckResult.Healthy(reason) : HealthCheckResult.Unhealthy(reason));
}
