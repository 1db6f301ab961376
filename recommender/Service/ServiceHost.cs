using KernelTruth.Kube.Client;
using KernelTruth.Kube.Configuration;
using KernelTruth.Kube.LeaderElection;
using KernelTruth.Kubernetes.Controllers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KernelTruth.Service;

/// <summary>
/// Composes the service: the recommender loop, the controllers, leader election and the HTTP endpoints
/// /healthz, /readyz and /metrics. Tests build two of these against one test API server.
/// </summary>
internal static class ServiceHost
{
    public static WebApplication Create(ServiceOptions options, KubeClientConfig kube, TimeProvider? time = null, Action<ILoggingBuilder>? logging = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://{options.Listen}");
        if (logging is not null)
        {
            builder.Logging.ClearProviders();
            logging(builder.Logging);
        }

        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(time ?? TimeProvider.System);
        services.AddSingleton(sp => new KubeClient(kube, null, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<KubeClient>>()));
        services.AddSingleton(sp => new ClusterCache(sp.GetRequiredService<KubeClient>(), sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton(sp => new LeaderElector(
            sp.GetRequiredService<KubeClient>(),
            new LeaderElectionOptions { LeaseNamespace = options.Cluster.Namespace, LeaseName = options.LeaseName, Identity = options.Identity },
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("KernelTruth.Service.LeaderElection")));
        services.AddHttpClient("sensors");
        services.AddSingleton(sp =>
        {
            var elector = sp.GetRequiredService<LeaderElector>();
            return new ClusterRecommender(
                sp.GetRequiredService<KubeClient>(),
                sp.GetRequiredService<ClusterCache>(),
                sp.GetRequiredService<IHttpClientFactory>().CreateClient("sensors"),
                options.Cluster,
                () => elector.IsLeader,
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILoggerFactory>().CreateLogger("KernelTruth.Recommender"));
        });
        services.AddSingleton(sp => new ServiceState(sp.GetRequiredService<TimeProvider>(), options.Interval));
        services.AddHostedService<RecommenderService>();

        var app = builder.Build();
        app.MapGet("/healthz", (ServiceState state) => state.IsHealthy(out var reason) ? Results.Text("ok: " + reason) : Results.Text("unhealthy: " + reason, statusCode: 503));
        app.MapGet("/readyz", (ServiceState state) => state.Synced ? Results.Text("ready") : Results.Text("caches not synced yet", statusCode: 503));
        app.MapGet("/metrics", (ServiceState state) => Results.Text(state.Metrics(), "text/plain; version=0.0.4; charset=utf-8"));
        return app;
    }
}
