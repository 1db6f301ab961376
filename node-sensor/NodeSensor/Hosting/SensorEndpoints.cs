using System.Text.Json;
using KernelTruth.Contracts.Snapshot;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace KernelTruth.NodeSensor.Hosting;

/// <summary>GET /v1/snapshot. Health is mapped by <see cref="SensorHealthEndpoints"/>, /metrics by the Prometheus endpoint.</summary>
internal static class SensorEndpoints
{
    public static IEndpointRouteBuilder MapSensorEndpoints(this IEndpointRouteBuilder app, SensorRuntime runtime)
    {
        app.MapGet("/v1/snapshot", async (HttpContext context) =>
        {
            var snapshot = runtime.ReadFresh(SensorDefaults.FreshSnapshotAge);
            context.Response.ContentType = "application/json; charset=utf-8";
            await JsonSerializer.SerializeAsync(context.Response.Body, snapshot, SnapshotJsonContext.Default.NodeSnapshot, context.RequestAborted).ConfigureAwait(false);
        });
        return app;
    }
}
