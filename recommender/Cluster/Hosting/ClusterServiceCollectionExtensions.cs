using k8s;
using KernelTruth.Cluster.Attribution;
using KernelTruth.Cluster.Checkpoint;
using KernelTruth.Cluster.Configuration;
using KernelTruth.Cluster.Controllers;
using KernelTruth.Cluster.Backfill;
using KernelTruth.Cluster.Input;
using KernelTruth.Cluster.Profiles;
using KernelTruth.Kubernetes.Election;
using KernelTruth.Recommender.Checkpoint;
using KernelTruth.Recommender.Configuration;
using KernelTruth.Recommender.Hosting;
using KernelTruth.Recommender.Input;
using KernelTruth.Recommender.Logic;
using KernelTruth.Recommender.Output;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KernelTruth.Cluster.Hosting;

/// <summary>How a host runs the recommender in a cluster: the one loop with the cluster's sources and sinks.</summary>
public static class ClusterServiceCollectionExtensions
{
    /// <summary>
    /// Registers the informers (<see cref="ClusterCache"/>: the host runs them, <see cref="ClusterCache.RunAsync"/>),
    /// the sensors found among pods as the loop's sources (<see cref="ClusterSources"/>, which also refreshes the
    /// attribution each loop), the engine keyed by workload (namespace/kind/name/container, replicas pooled), which
    /// workloads are gone for good (<see cref="ClusterWorkloadPresence"/>: their models go before the idle time), the
    /// sinks that write VPA statuses and WorkloadProfiles on the Lease holder only, and the checkpoint store
    /// (<see cref="ClusterOptions.CheckpointStore"/>: WorkloadCheckpoint objects, or the state file); then the loop itself
    /// (<see cref="RecommenderServiceCollectionExtensions.AddKernelTruthRecommender"/>) with its Quartz job and
    /// checkpoints. The host registers before or after: <see cref="IKubernetes"/>, <see cref="ILeadership"/>, the
    /// sensors' client (<see cref="SensorApiRegistration.AddSensorApi"/>) and any further sinks (the metrics adapter's).
    /// </summary>
    /// <param name="history">
    /// With it, workloads without a restored model start from Prometheus' cAdvisor history (<see cref="BootstrappingSources"/>).
    /// </param>
    /// <exception cref="ArgumentException">The history's CA file does not load; the message names it.</exception>
    public static IServiceCollection AddKernelTruthCluster(this IServiceCollection services, ClusterOptions cluster, RecommenderOptions recommender, HistoryOptions? history = null)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(recommender);
        if (history is not null)
        {
            var prometheus = new PrometheusClient(history); // now, so that a bad CA file stops start-up
            services.AddSingleton(_ => prometheus);
            services.AddSingleton(sp => new HistoryBootstrap(prometheus, history, sp.GetService<TimeProvider>() ?? TimeProvider.System, Logger(sp, "History")));
        }

        services.AddSingleton(cluster);
        services.AddSingleton(sp => new ClusterCache(sp.GetRequiredService<IKubernetes>(), sp.GetRequiredService<ILoggerFactory>(), sp.GetService<TimeProvider>(), cluster.VpaRecheck));
        services.AddSingleton<CurrentPods>();
        services.AddSingleton(sp => new WorkloadWindows(sp.GetRequiredService<CurrentPods>()));
        services.AddSingleton<ISnapshotSources>(sp =>
        {
            var sources = new ClusterSources(sp.GetRequiredService<ClusterCache>(), sp.GetRequiredService<CurrentPods>(), sp.GetRequiredService<ISensorApi>(), cluster);
            return sp.GetService<HistoryBootstrap>() is { } bootstrap
                ? new BootstrappingSources(sources, sp.GetRequiredService<CurrentPods>(), sp.GetRequiredService<RecommenderEngine>(), bootstrap, recommender.IngestInterval, sp.GetService<TimeProvider>() ?? TimeProvider.System)
                : sources;
        });
        services.AddSingleton(sp =>
        {
            var pods = sp.GetRequiredService<CurrentPods>();
            var bootstrap = sp.GetService<HistoryBootstrap>();

            // A container whose history is still being read gets no sensor intervals yet: its model must start with the history.
            Func<Contracts.Snapshot.CgroupSnapshot, string?> key = bootstrap is null ? pods.KeyOf : c => pods.KeyOf(c) is { } k && !bootstrap.IsPending(k) ? k : null;
            var engine = new RecommenderEngine(Logger(sp, "Engine"), recommender.Model, key, recommender.ToForecastSettings());
            engine.IntervalAdded += sp.GetRequiredService<WorkloadWindows>().Add;
            return engine;
        });
        services.AddSingleton<IWorkloadPresence>(sp => new ClusterWorkloadPresence(sp.GetRequiredService<ClusterCache>(), sp.GetRequiredService<CurrentPods>()));
        services.AddSingleton(sp => new StatusWriter(sp.GetRequiredService<IKubernetes>(), sp.GetRequiredService<ILeadership>(), Logger(sp, "Controllers")));
        services.AddSingleton<ILoopSink>(sp => new LeaderOnlySink(
            new VpaStatusWriter(sp.GetRequiredService<ClusterCache>(), sp.GetRequiredService<CurrentPods>(), sp.GetRequiredService<StatusWriter>(), cluster, Logger(sp, "Controllers")),
            sp.GetRequiredService<ILeadership>()));
        services.AddSingleton<ILoopSink>(sp => new LeaderOnlySink(
            new WorkloadProfileWriter(sp.GetRequiredService<ClusterCache>(), sp.GetRequiredService<CurrentPods>(), sp.GetRequiredService<WorkloadWindows>(), sp.GetRequiredService<StatusWriter>(), cluster, recommender.ModelIdleTtl, Logger(sp, "Controllers")),
            sp.GetRequiredService<ILeadership>()));
        if (cluster.CheckpointStore == CheckpointStoreKind.Cluster)
        {
            // Before the recommender's registration, which adds the state file store only when no store is registered.
            services.AddSingleton(sp => new LiveWorkloads(sp.GetRequiredService<ClusterCache>(), sp.GetRequiredService<CurrentPods>()));
            services.AddSingleton(sp => new ClusterCheckpointStore(
                sp.GetRequiredService<IKubernetes>(),
                sp.GetRequiredService<ILeadership>(),
                new ClusterCheckpointOptions { Namespace = cluster.Namespace },
                recommender.Model,
                sp.GetRequiredService<LiveWorkloads>().Now,
                Logger(sp, "Checkpoints")));
            services.AddSingleton<ICheckpointStore>(sp => sp.GetRequiredService<ClusterCheckpointStore>());
        }

        return services.AddKernelTruthRecommender(recommender);
    }

    private static ILogger Logger(IServiceProvider sp, string name) => sp.GetRequiredService<ILoggerFactory>().CreateLogger("KernelTruth.Cluster." + name);
}
