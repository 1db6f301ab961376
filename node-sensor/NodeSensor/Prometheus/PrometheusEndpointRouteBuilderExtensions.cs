using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace KernelTruth.NodeSensor.Prometheus;

/// <summary>Serves a <see cref="PrometheusExporter"/> registered in DI over HTTP.</summary>
internal static class PrometheusEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps GET <paramref name="path"/> to the text exposition with
    /// <see cref="PrometheusContentType.Value"/>. Resolving the exporter here makes a missing
    /// registration fail at start-up rather than on the first scrape.
    /// </summary>
    public static IEndpointConventionBuilder MapPrometheusMetrics(this IEndpointRouteBuilder endpoints, string path = "/metrics")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var exporter = endpoints.ServiceProvider.GetRequiredService<PrometheusExporter>();
        return endpoints.MapGet(path, async (HttpContext context) =>
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = PrometheusContentType.Value;
            await exporter.WriteAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
        });
    }
}
