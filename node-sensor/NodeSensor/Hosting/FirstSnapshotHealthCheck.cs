using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace KernelTruth.NodeSensor.Hosting;

/// <summary>/readyz: ready once the first snapshot was read, so /v1/snapshot and /metrics have data to serve.</summary>
internal sealed class FirstSnapshotHealthCheck(SensorRuntime runtime) : IHealthCheck
{
    public const string Name = "first-snapshot";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(runtime.Latest is not null
            ? HealthCheckResult.Healthy("a snapshot was read")
            : HealthCheckResult.Unhealthy("no snapshot read yet"));
}
