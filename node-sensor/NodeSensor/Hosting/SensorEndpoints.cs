using System.Text.Json;
using KernelTruth.Contracts.Snapshot;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace KernelTruth.NodeSensor.Hosting;

/// <summary>GET /v1/snapshot, /healthz and /readyz. /metrics is mapped by the Prometheus exporter.</summary>
internal static class SensorEndpoints
{
    public static IEndpointRouteBuilder MapSensorEndpoints(this IEndpointRouteBuilder app, SensorRuntime runtime, SensorLoop loop)
    {
        app.MapGet("/v1/snapshot", async (HttpContext context) =>
        {
            var snapshot = runtime.ReadFresh(SensorDefaults.FreshSnapshotAge);
            context.Response.ContentType = "application/json; charset=utf-8";
            await JsonSerializer.SerializeAsync(context.Response.Body, snapshot, SnapshotJsonContext.Default.NodeSnapshot, context.RequestAborted).ConfigureAwait(false);
        });
        app.MapGet("/healthz", () => loop.IsHealthy(out string reason)
            ? Results.Text("ok: " + reason + "\n")
            : Results.Text("unhealthy: " + reason + "\n", statusCode: StatusCodes.Status503ServiceUnavailable));
        app.MapGet("/readyz", () => runtime.Latest is not null
            ? Results.Text("ready\n")
            : Results.Text("not ready: no snapshot read yet\n", statusCode: StatusCodes.Status503ServiceUnavailable));
        return app;
    }
}
