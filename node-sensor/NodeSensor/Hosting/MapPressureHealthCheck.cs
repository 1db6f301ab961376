using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace KernelTruth.NodeSensor.Hosting;

/// <summary>
/// /readyz: degraded, not unready, while the cgroup map is full. A degraded sensor still serves every cgroup it has a
/// slot for (the busy ones, idle ones evicted first), so taking it out of service (503) would lose the whole node's
/// data to hide the loss of some; 200 with "degraded: cgroup map full (--max-cgroups 64): 136 cgroups not tracked …"
/// keeps it serving and says what is missing and what to raise.
/// </summary>
internal sealed class MapPressureHealthCheck(SensorRuntime runtime) : IHealthCheck
{
    public const string Name = "cgroup-map";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(runtime.Pressure.Degraded is { } reason
            ? HealthCheckResult.Degraded(reason)
            : HealthCheckResult.Healthy("every cgroup that ran has a slot"));
}
