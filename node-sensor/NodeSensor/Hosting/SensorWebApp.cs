using System.Net;
using KernelTruth.NodeSensor.Pods;
using KernelTruth.NodeSensor.Prometheus;
using KernelTruth.NodeSensor.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KernelTruth.NodeSensor.Hosting;

/// <summary>
/// The sensor's HTTP API around a started <see cref="SensorRuntime"/>. With a <see cref="SensorCluster"/> it also
/// watches the node's pods to name its series, and with <see cref="SensorAuth.Kubernetes"/> every path but the health
/// probes needs a reviewed token (<see cref="SensorAuthMiddleware"/>).
/// </summary>
public static class SensorWebApp
{
    /// <exception cref="ArgumentException"><see cref="SensorAuth.Kubernetes"/> without a cluster to review tokens with.</exception>
    public static WebApplication Create(SensorOptions options, SensorRuntime runtime, IPEndPoint endPoint, Action<ILoggingBuilder> logging, SensorCluster? cluster = null)
    {
        if (options.Auth == SensorAuth.Kubernetes && cluster is null)
        {
            throw new ArgumentException("--auth kubernetes needs the API server to review tokens; no cluster connection was given", nameof(cluster));
        }

        var builder = WebApplication.CreateSlimBuilder();
        logging(builder.Logging.ClearProviders());
        builder.Logging.SetMinimumLevel(options.LogLevel);

        // ASP.NET Core writes four Information lines per request (request starting/finished, endpoint executing/executed):
        // 160 000 lines for 40 000 scrapes. They are shown only when asked for with --log-level debug.
        bool requestLines = options.LogLevel <= LogLevel.Debug;
        builder.Logging.AddFilter("Microsoft.AspNetCore", level => requestLines || level >= LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(k => k.Listen(endPoint));
        builder.Services.AddSingleton(runtime);
        builder.Services.AddSingleton<ISnapshotReader>(runtime);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(runtime.Time);
        builder.Services.AddSingleton<SensorLoop>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SensorLoop>());
        builder.Services.AddHealthChecks()
            .AddCheck<SensorLoopHealthCheck>(SensorLoopHealthCheck.Name, tags: [SensorHealthEndpoints.Live])
            .AddCheck<FirstSnapshotHealthCheck>(FirstSnapshotHealthCheck.Name, tags: [SensorHealthEndpoints.Ready])
            .AddCheck<MapPressureHealthCheck>(MapPressureHealthCheck.Name, tags: [SensorHealthEndpoints.Ready]);
        if (cluster is not null)
        {
            var pods = new NodePods(runtime.Time);
            runtime.Metrics.Pods = pods;
            builder.Services.AddSingleton(pods);
            builder.Services.AddHostedService(sp => new NodePodWatch(cluster.Client, cluster.Node, pods, runtime.Time, sp.GetRequiredService<ILoggerFactory>()));
        }

        var app = builder.Build();
        if (options.Auth == SensorAuth.Kubernetes)
        {
            var (tokens, access) = SensorSecurity.Reviewers(cluster!.Client, runtime.Time);
            app.UseMiddleware<SensorAuthMiddleware>(tokens, access);
        }

        app.MapSensorEndpoints(runtime);
        app.MapSensorHealth();
        app.MapSensorMetrics(runtime.Metrics);
        return app;
    }
}
