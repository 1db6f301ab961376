using KernelTruth.MetricsAdapter.Security;
using KernelTruth.MetricsAdapter.Store;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace KernelTruth.MetricsAdapter.Hosting;

/// <summary>/readyz: values published and, when requests are authenticated, the authentication configuration read.</summary>
/// <param name="config">Null when the adapter does not authenticate.</param>
internal sealed class AdapterReadyHealthCheck(MetricsStore store, AuthenticationConfigCache? config) : IHealthCheck
{
    public const string Name = "metrics-adapter-ready";

    /// <summary>The tag /readyz selects; /healthz and /livez run no check (the process answers).</summary>
    public const string Tag = "metrics-adapter-ready";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(
            !store.HasPublished ? HealthCheckResult.Unhealthy("no metrics published yet")
            : config is { Loaded: false } ? HealthCheckResult.Unhealthy("authentication configuration not read yet")
            : HealthCheckResult.Healthy("ok"));
}
