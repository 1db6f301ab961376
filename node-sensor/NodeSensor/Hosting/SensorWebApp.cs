using System.Net;
using KernelTruth.NodeSensor.Prometheus;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KernelTruth.NodeSensor.Hosting;

/// <summary>The sensor's HTTP API around a started <see cref="SensorRuntime"/>.</summary>
internal static class SensorWebApp
{
    /// <param name="exporter">Created before the runtime, so it saw the sensor's counters from the start.</param>
    public static WebApplication Create(SensorOptions options, SensorRuntime runtime, PrometheusExporter exporter, IPEndPoint endPoint, Action<ILoggingBuilder> logging)
    {
        var builder = WebApplication.CreateSlimBuilder();
        logging(builder.Logging.ClearProviders());
        builder.WebHost.ConfigureKestrel(k => k.Listen(endPoint));
        builder.Services.AddSingleton(runtime);
        builder.Services.AddSingleton<ISnapshotReader>(runtime);
        builder.Services.AddSingleton(exporter);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(runtime.Time);
        builder.Services.AddSingleton<SensorLoop>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SensorLoop>());
        exporter.AddSource("cgroups", new SnapshotMetricFamilies(runtime));

        var app = builder.Build();
        app.MapSensorEndpoints(runtime, app.Services.GetRequiredService<SensorLoop>());
        app.MapPrometheusMetrics();
        return app;
    }
}
