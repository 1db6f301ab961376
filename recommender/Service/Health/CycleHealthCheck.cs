using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace KernelTruth.Service.Health;

/// <summary>/healthz (liveness): a cycle finished within 5 intervals, or the process is younger than that.</summary>
internal sealed class CycleHealthCheck(ServiceState state) : IHealthCheck
{
    public const string Name = "cycle";
    public const string Tag = "live";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(state.IsHealthy(out string reason) ? HealthCheckResult.Healthy(reason) : HealthCheckResult.Unhealthy(reason));
}
