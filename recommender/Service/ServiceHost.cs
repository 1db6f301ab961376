using System.Net;
using k8s;
using KernelTruth.Cluster.Attribution;
using KernelTruth.Cluster.Checkpoint;
using KernelTruth.Cluster.Hosting;
using KernelTruth.Cluster.Input;
using KernelTruth.Kubernetes.Election;
using KernelTruth.Kubernetes.Reviews;
using KernelTruth.MetricsAdapter.Hosting;
using KernelTruth.MetricsAdapter.Keda;
using KernelTruth.MetricsAdapter.Security;
using KernelTruth.MetricsAdapter.Security.Kube;
using KernelTruth.MetricsAdapter.Store;
using KernelTruth.Recommender.Input;
using KernelTruth.Recommender.Output;
using KernelTruth.Recommender.Routines;
using KernelTruth.Service.Adapter;
using KernelTruth.Service.Health;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace KernelTruth.Service;

/// <summary>
/// Composes the service: the recommender loop with the cluster's sources and sinks (<see cref="ClusterServiceCollectionExtensions.AddKernelTruthCluster"/>),
/// leader election, the plain-HTTP endpoints /healthz, /readyz (health checks) and /metrics (unauthenticated, for the
/// kubelet and Prometheus) and, on its own HTTPS endpoint, the metrics adapter with the aggregator's authentication
/// (front-proxy CA from kube-system/extension-apiserver-authentication, TokenReview, SubjectAccessReview). The adapter
/// is one of the loop's sinks (snapshots → feed → published view); it never calls back into the loop.
/// Tests build these against one test API server.
/// </summary>
internal static partial class ServiceHost
{
    /// <exception cref="ArgumentException">The adapter's certificate files or the sensor token file do not load; the message names them.</exception>
    /// <param name="kube">The API client (the caller owns and disposes it).</param>
    public static WebApplication Create(ServiceOptions options, IKubernetes kube, TimeProvider? time = null, Action<ILoggingBuilder>? logging = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        var certificate = AdapterTls.Load(options, time ?? TimeProvider.System);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPEndPoint.Parse(options.Listen));
            AdapterKestrel.ListenHttps(kestrel, IPEndPoint.Parse(options.AdapterListen), certificate);
            if (options.KedaListen is { } keda)
            {
                KedaScalerHosting.Listen(kestrel, IPEndPoint.Parse(keda));
            }
        });
        if (logging is not null)
        {
            builder.Logging.ClearProviders();
            logging(builder.Logging);
        }

        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(time ?? TimeProvider.System);
        services.AddSingleton(kube);
        services.AddSingleton(sp => new LeaseElection(
            kube,
            new LeaseElectionOptions { LeaseNamespace = options.Cluster.Namespace, LeaseName = options.LeaseName, Identity = options.Identity },
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("KernelTruth.Service.LeaderElection")));
        services.AddSingleton<ILeadership>(sp => sp.GetRequiredService<LeaseElection>());
        services.AddSensorApi(options.Cluster.SensorTimeout, SensorCredentials.Load(options, time ?? TimeProvider.System));
        services.AddSingleton(sp =>
        {
            var state = new ServiceState();
            var (cache, pods, election) = (sp.GetRequiredService<ClusterCache>(), sp.GetRequiredService<CurrentPods>(), sp.GetRequiredService<LeaseElection>());
            state.ExportRecommendations(() => (election.IsLeader, cache.Profiles.List(), pods.Index));
            return state;
        });
        services.AddSingleton(_ => certificate); // a factory registration, so the host disposes it
        services.AddServiceHealthChecks();
        AddMetricsAdapter(services);

        // Informers and election first: hosted services start in registration order and stop in reverse, so the
        // loop (its Quartz job, its restore and last save) runs inside their lifetime.
        services.AddHostedService<InformersAndLease>();
        services.AddKernelTruthCluster(options.Cluster, options.Recommender, options.History);

        var app = builder.Build();
        var election = app.Services.GetRequiredService<LeaseElection>();
        var state = app.Services.GetRequiredService<ServiceState>();
        app.Services.GetRequiredService<RecommenderLoop>().Finished += report => state.Record(report, election.IsLeader);
        if (app.Services.GetService<ClusterCheckpointStore>() is { } checkpoints)
        {
            state.ExportCheckpoints(() => checkpoints.Counts);
        }
        certificate.Logger = app.Services.GetRequiredService<ILogger<ServingCertificate>>();
        if (certificate.IsSelfSigned)
        {
            Log.SelfSigned(app.Logger, AdapterTls.DefaultDirectory);
        }

        // HTTPS is the adapter's (every request authenticated but its own health probes); plain HTTP is health and metrics.
        app.MapWhen(context => context.Request.IsHttps, adapter => adapter
            .Use(async (context, next) =>
            {
                // Counted for /metrics (the adapter-errors alert); an exception that escapes is Kestrel's 500.
                try
                {
                    await next(context).ConfigureAwait(false);
                    state.AdapterAnswered(context.Response.StatusCode);
                }
                catch
                {
                    state.AdapterAnswered(StatusCodes.Status500InternalServerError);
                    throw;
                }
            })
            .UseKernelTruthMetricsAdapter());
        if (options.KedaListen is { } kedaListen)
        {
            int kedaPort = IPEndPoint.Parse(kedaListen).Port;
            app.UseKernelTruthKedaScaler(context => context.Connection.LocalPort == kedaPort);
        }

        app.MapServiceHealthChecks();
        app.MapMetrics(settings =>
        {
            settings.Registry = state.Metrics;
            settings.EnableOpenMetrics = false; // text 0.0.4 only, the format the tests check with promtool; no exemplars need OpenMetrics
        }).WithMetadata(new HttpMethodMetadata(["GET"]));
        return app;
    }

    private static void AddMetricsAdapter(IServiceCollection services)
    {
        services.AddSingleton<IAuthenticationConfigSource>(sp => new KubeAuthenticationConfigSource(sp.GetRequiredService<IKubernetes>()));
        services.AddSingleton<ITokenReviewer>(sp => new KubeTokenReviewer(sp.GetRequiredService<IKubernetes>()));
        services.AddSingleton<IAccessReviewer>(sp => new KubeAccessReviewer(sp.GetRequiredService<IKubernetes>()));
        services.AddSingleton<IPodAttributor>(sp =>
        {
            var pods = sp.GetRequiredService<CurrentPods>();
            return new ClusterPodAttributor(() => pods.Index);
        });
        services.AddKernelTruthMetricsAdapter(new MetricsAdapterOptions());

        // Fed by the loop on every replica, leader or not: the standby serves the same values.
        services.AddSingleton<ILoopSink>(sp => new MetricsAdapterSink(sp.GetRequiredService<MetricsAdapterFeed>()));
        services.AddSingleton<ILoopSink>(sp => new ForecastSeriesSink(sp.GetRequiredService<ServiceState>().Recommendations));
        services.AddKernelTruthKedaScaler();
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4203, Level = LogLevel.Warning, Message = "Metrics adapter: no --tls-cert/--tls-key and no certificate in {Directory}; serving a self-signed one, which the API aggregator will not trust (docs/operating.md: Install on a cluster)")]
        public static partial void SelfSigned(ILogger logger, string directory);
    }
}
