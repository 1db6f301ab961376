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
    public static WebApplication Create(SensorOptions options, SensorRuntime runtime, IPEndPoint endPoint, Action<ILoggingBuilder> logging)
    {
        var builder = WebApplication.CreateSlimBuilder();
        logging(builder.Logging.ClearProviders());
        builder.WebHost.ConfigureKestrel(k => k.Listen(endPoint));
        builder.Services.AddSingleton(runtime);
        builder.Services.AddSingleton<ISnapshotReader>(runtime);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(runtime.Time);
        builder.Services.AddSingleton<SensorLoop>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SensorLoop>());
        builder.Services.AddHealthChecks()
            .AddCheck<SensorLoopHealthCheck>(SensorLoopHealthCheck.Name, tags: [SensorHealthEndpoints.Live])
            .AddCheck<FirstSnapshotHealthCheck>(FirstSnapshotHealthCheck.Name, tags: [SensorHealthEndpoints.Ready]);

        var app = builder.Build();
        app.MapSensorEndpoints(runtime);
        app.MapSensorHealth();
        app.MapSensorMetrics(runtime.Metrics);
        return app;
    }
}
