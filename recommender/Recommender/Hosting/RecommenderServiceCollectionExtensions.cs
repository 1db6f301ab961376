using KernelTruth.Contracts.Sources;
using KernelTruth.Recommender.Checkpoint;
using KernelTruth.Recommender.Configuration;
using KernelTruth.Recommender.Input;
using KernelTruth.Recommender.Logic;
using KernelTruth.Recommender.Output;
using KernelTruth.Recommender.Routines;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Quartz;

namespace KernelTruth.Recommender.Hosting;

/// <summary>How a host runs the recommender as a service: one engine, one loop, one Quartz job, a checkpoint store.</summary>
public static class RecommenderServiceCollectionExtensions
{
    /// <summary>
    /// Registers the recommender: validated options (invalid ones throw <see cref="RecommenderConfigurationException"/>
    /// listing every problem), the engine, the <see cref="RecommenderLoop"/> with the <see cref="IRecommendationStore"/>
    /// its fits are published to, a health check (tag <see cref="RecommenderHealthCheck.Tag"/>), and one Quartz job
    /// that runs the loop every <see cref="RecommenderOptions.IngestInterval"/>. Start-up restores the last checkpoint
    /// first (one that cannot be used stops the host); stop lets the running loop finish, then saves.
    /// <para>
    /// What the loop reads and writes is the host's to register, before or after this call: snapshot sources as
    /// <see cref="ISnapshotSource"/> (one per <see cref="RecommenderOptions.SensorUrls"/> entry is added here, through
    /// the Refit <see cref="ISensorApi"/>; the in-process sensor is NodeSensor's InProcessSnapshotSource), or one
    /// <see cref="ISnapshotSources"/> whose sensors change from loop to loop (the cluster's); sinks as
    /// <see cref="ILoopSink"/>, run in registration order. A host registers its own <see cref="RecommenderEngine"/>
    /// (workloads keyed otherwise than by cgroup path) or <see cref="ICheckpointStore"/> (other than
    /// <see cref="RecommenderOptions.StateFile"/>) before this call, and may register an <see cref="IWorkloadPresence"/> so
    /// models of workloads it knows are gone are dropped before their idle time passes. TimeProvider defaults to the system clock.
    /// </para>
    /// </summary>
    public static IServiceCollection AddKernelTruthRecommender(this IServiceCollection services, RecommenderOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();

        services.AddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IRecommendationStore, RecommendationStore>();
        services.TryAddSingleton(sp => new RecommenderEngine(sp.GetRequiredService<ILoggerFactory>().CreateLogger("KernelTruth.Recommender.Engine"), options.Model, forecast: options.ToForecastSettings()));
        services.TryAddSingleton<ICheckpointStore>(_ => new StateFileCheckpointStore(options.StateFile));
        services.TryAddSingleton<ISnapshotSources>(FixedSources);
        services.AddSingleton(sp => new RecommenderLoop(
            sp.GetRequiredService<RecommenderEngine>(),
            sp.GetRequiredService<ISnapshotSources>(),
            sp.GetServices<ILoopSink>(),
            sp.GetRequiredService<ICheckpointStore>(),
            sp.GetRequiredService<IRecommendationStore>(),
            options,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<RecommenderLoop>>(),
            sp.GetService<IWorkloadPresence>()));

        AddSensors(services, options);
        services.AddHealthChecks().AddCheck<RecommenderHealthCheck>(RecommenderHealthCheck.Name, tags: [RecommenderHealthCheck.Tag]);

        // Before Quartz's hosted service: restore runs before the first loop, the last save after the last.
        services.AddHostedService<RecommenderStartup>();

        // One job running the whole loop, not a job per routine: its phases then run in order (a sink sees the models
        // after this loop's ingest and fit, never half of one), the engine is used from one thread at a time without
        // locks around each call, and fit and checkpoint keep their own intervals inside the loop. A fire missed
        // because the previous loop overran is dropped, not made up in a burst: the next loop reads the sensors'
        // cumulative counters and loses nothing.
        services.AddQuartz(q => q.ScheduleJob<RecommenderLoopJob>(
            (sp, trigger) => trigger
                .WithIdentity(RecommenderLoopJob.Name)
                .StartAt(sp.GetRequiredService<TimeProvider>().GetUtcNow())
                .WithSimpleSchedule(s => s.WithInterval(options.IngestInterval).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)),
            (sp, job) => job.WithIdentity(RecommenderLoopJob.Name).DisallowConcurrentExecution(true)));
        services.AddQuartzHostedService(q => q.WaitForJobsToComplete = true);
        return services;
    }

    private static SnapshotSourceList FixedSources(IServiceProvider sp)
    {
        var sources = new SnapshotSourceList(sp.GetServices<ISnapshotSource>());
        return sources.Count > 0 ? sources : throw new RecommenderConfigurationException(
            [$"no snapshot source: set {nameof(RecommenderOptions.SensorUrls)}, or register an {nameof(ISnapshotSource)} (the sensor in this process is one)"]);
    }

    private static void AddSensors(IServiceCollection services, RecommenderOptions options)
    {
        if (options.SensorUrls.Count == 0)
        {
            return; // a host that reads sensors over HTTP some other way registers the client itself
        }

        services.AddSensorApi(options.SensorTimeout);
        foreach (string url in options.SensorUrls)
        {
            var sensor = new Uri(url, UriKind.Absolute);
            services.AddSingleton<ISnapshotSource>(sp => new HttpSnapshotSource(sp.GetRequiredService<ISensorApi>(), sensor));
        }
    }
}
