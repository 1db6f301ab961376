using KernelTruth.Contracts.Sources;
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

/// <summary>How a host runs the recommender as a service: one engine, three Quartz jobs, a state file.</summary>
public static class RecommenderServiceCollectionExtensions
{
    /// <summary>
    /// Registers the recommender: validated options (invalid ones throw
    /// <see cref="RecommenderConfigurationException"/> listing every problem), an HTTP snapshot source
    /// per sensor URL (the Refit <see cref="ISensorApi"/> through IHttpClientFactory, with its timeout and retries), the engine, the
    /// <see cref="RecommenderLoop"/>, the <see cref="IRecommendationStore"/> it publishes to, a health
    /// check, and the Quartz jobs ingest, fit and checkpoint on their intervals. Start-up restores
    /// the state file first (a corrupt one stops the host); stop waits for running jobs and saves.
    /// A sensor in this process is added by registering the in-process sensor (NodeSensor's InProcessSnapshotSource) as
    /// <see cref="ISnapshotSource"/>, before or after this call. TimeProvider defaults to the system clock.
    /// </summary>
    public static IServiceCollection AddKernelTruthRecommender(this IServiceCollection services, RecommenderOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();

        services.AddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IRecommendationStore, RecommendationStore>();
        services.AddSingleton(sp => new RecommenderEngine(sp.GetRequiredService<ILoggerFactory>().CreateLogger("KernelTruth.Recommender.Engine"), options.Model));
        services.AddSingleton(sp => new RecommenderLoop(
            sp.GetRequiredService<RecommenderEngine>(),
            sp.GetServices<ISnapshotSource>(),
            sp.GetRequiredService<IRecommendationStore>(),
            options,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<RecommenderLoop>>()));

        AddSensors(services, options);
        services.AddHealthChecks().AddCheck<RecommenderHealthCheck>(RecommenderHealthCheck.Name);

        // Before Quartz's hosted service: restore runs before the first job, the last save after the last.
        services.AddHostedService<RecommenderStartup>();
        services.AddQuartz(q =>
        {
            Schedule<IngestJob>(q, IngestJob.Name, options.IngestInterval, firstAfter: TimeSpan.Zero);
            Schedule<FitJob>(q, FitJob.Name, options.FitInterval, firstAfter: TimeSpan.Zero);
            Schedule<CheckpointJob>(q, CheckpointJob.Name, options.CheckpointInterval, firstAfter: options.CheckpointInterval);
        });
        services.AddQuartzHostedService(q => q.WaitForJobsToComplete = true);
        return services;
    }

    private static void AddSensors(IServiceCollection services, RecommenderOptions options)
    {
        services.AddSensorApi(options.SensorTimeout);
        foreach (string url in options.SensorUrls)
        {
            var sensor = new Uri(url, UriKind.Absolute);
            services.AddSingleton<ISnapshotSource>(sp => new HttpSnapshotSource(sp.GetRequiredService<ISensorApi>(), sensor));
        }
    }

    /// <summary>
    /// One job on a fixed interval. A fire missed because the previous run overran is dropped, not
    /// made up in a burst: the next run reads the sensors' cumulative counters and loses nothing.
    /// </summary>
    private static void Schedule<TJob>(IQuartzBuilder q, string name, TimeSpan interval, TimeSpan firstAfter)
        where TJob : IJob
    {
        q.ScheduleJob<TJob>(
            (sp, trigger) => trigger
                .WithIdentity(name)
                .StartAt(sp.GetRequiredService<TimeProvider>().GetUtcNow() + firstAfter)
                .WithSimpleSchedule(s => s.WithInterval(interval).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)),
            (sp, job) => job.WithIdentity(name).DisallowConcurrentExecution(true));
    }
}
