using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace KernelTruth.NodeSensor.Hosting;

/// <summary>
/// /healthz (the checks tagged <see cref="Live"/>) and /readyz (<see cref="Ready"/>) through ASP.NET Core
/// health checks: 200 when healthy or degraded, 503 when not, and a one-line body saying why, e.g.
/// "ok: last snapshot read 0.4 s ago", "degraded: cgroup map full (--max-cgroups 64): …" or
/// "unhealthy: no snapshot has been read yet".
/// </summary>
internal static class SensorHealthEndpoints
{
    public const string Live = "live";
    public const string Ready = "ready";

    public static IEndpointRouteBuilder MapSensorHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/healthz", Options(Live));
        app.MapHealthChecks("/readyz", Options(Ready));
        return app;
    }

    private static HealthCheckOptions Options(string tag) => new()
    {
        Predicate = check => check.Tags.Contains(tag),
        ResponseWriter = WriteReasonAsync,
    };

    private static Task WriteReasonAsync(HttpContext context, HealthReport report)
    {
        string reasons = string.Join("; ", report.Entries.Values.Select(e => e.Description));
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync((report.Status switch { HealthStatus.Healthy => "ok: ", HealthStatus.Degraded => "degraded: ", _ => "unhealthy: " }) + reasons + "\n", context.RequestAborted);
    }
}
