using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Prometheus;

namespace KernelTruth.NodeSensor.Prometheus;

/// <summary>Serves <see cref="SensorMetrics"/> at /metrics: prometheus-net.AspNetCore's middleware, then the wait histograms.</summary>
public static class SensorMetricsEndpoints
{
    /// <summary>
    /// GET <paramref name="pattern"/>: the registry in text format 0.0.4 (Content-Type
    /// <c>text/plain; version=0.0.4; charset=utf-8</c>) followed by <see cref="WaitHistogramText"/>.
    /// OpenMetrics is switched off: its exposition must end in "# EOF", after which nothing may be
    /// appended, and we publish no exemplars that would need it.
    /// </summary>
    public static IEndpointConventionBuilder MapSensorMetrics(this IEndpointRouteBuilder endpoints, SensorMetrics metrics, string pattern = "/metrics")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(metrics);
        var pipeline = endpoints.CreateApplicationBuilder()
            .Use(async (context, next) =>
            {
                await next(context).ConfigureAwait(false);

                // prometheus-net has written and flushed the registry; a failed or abandoned scrape gets nothing more.
                if (context.Response.StatusCode == StatusCodes.Status200OK && !context.RequestAborted.IsCancellationRequested)
                {
                    await WaitHistogramText.WriteAsync(context.Response.Body, metrics.Series, metrics.WaitBuckets, context.RequestAborted).ConfigureAwait(false);
                }
            })
            .UseMiddleware<MetricServerMiddleware>(new MetricServerMiddleware.Settings { Registry = metrics.Registry, EnableOpenMetrics = false })
            .Build();
        return endpoints.MapGet(pattern, pipeline).WithDisplayName("Prometheus metrics");
    }
}
