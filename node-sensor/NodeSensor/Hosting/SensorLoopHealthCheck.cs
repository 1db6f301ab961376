using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace KernelTruth.NodeSensor.Hosting;

/// <summary>/healthz: healthy while a read finished within 5 intervals (<see cref="SensorLoop.IsHealthy"/>).</summary>
internal sealed class SensorLoopHealthCheck(SensorLoop loop) : IHealthCheck
{
    public const string Name = "sensor-loop";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(loop.IsHealthy(out string reason) ? HealthCheckResult.Healthy(reason) : HealthCheckResult.Unhealthy(reason));
}
