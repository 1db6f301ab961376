using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace KernelTruth.Service.Health;

/// <summary>/readyz (readiness): every informer has its first full list, so the models are fed and attributed.</summary>
internal sealed class CacheSyncHealthCheck(ServiceState state) : IHealthCheck
{
    public const string Name = "caches";
    public const string Tag = "ready";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(state.Synced ? HealthCheckResult.Healthy("caches synced") : HealthCheckResult.Unhealthy("caches not synced yet"));
}
