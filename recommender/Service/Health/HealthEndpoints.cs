using KernelTruth.Recommender.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace KernelTruth.Service.Health;

/// <summary>
/// /healthz and /readyz through ASP.NET Core's health checks: 200 when healthy, 503 otherwise, with the reason.
/// /healthz (liveness) is the loop's own check (<see cref="RecommenderHealthCheck"/>: every routine finished within 5×
/// its interval), registered with the loop; /readyz is <see cref="CacheSyncHealthCheck"/>.
/// </summary>
internal static class HealthEndpoints
{
    public static IServiceCollection AddServiceHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<CacheSyncHealthCheck>(CacheSyncHealthCheck.Name, tags: [CacheSyncHealthCheck.Tag]);
        return services;
    }

    public static void MapServiceHealthChecks(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/healthz", Options(RecommenderHealthCheck.Tag));
        endpoints.MapHealthChecks("/readyz", Options(CacheSyncHealthCheck.Tag));
    }

    private static HealthCheckOptions Options(string tag) => new()
    {
        Predicate = check => check.Tags.Contains(tag),

        // "Healthy: finished: ingest 2.1 s ago, …": the probe's status code decides, the text tells a person why.
        ResponseWriter = (context, report) =>
        {
            context.Response.ContentType = "text/plain; charset=utf-8";
            var reasons = report.Entries.Values.Select(e => e.Description).Where(d => !string.IsNullOrEmpty(d));
            return context.Response.WriteAsync($"{report.Status}: {string.Join("; ", reasons)}\n");
        },
    };
}
