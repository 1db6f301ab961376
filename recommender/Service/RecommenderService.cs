using System.Diagnostics;
using k8s;
using KernelTruth.Cluster.Controllers;
using KernelTruth.Kubernetes.Election;
using KernelTruth.MetricsAdapter.Store;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KernelTruth.Service;

/// <summary>
/// Runs the informers and the Lease election, then one <see cref="ClusterRecommender.RunOnceAsync"/> per
/// interval. Every replica reads and models (so a standby is warm when it takes over); only the Lease holder
/// writes. A failed cycle is logged and the next one runs. Every snapshot the cycle read goes to the metrics
/// adapter's feed, and the adapter publishes after each cycle.
/// </summary>
internal sealed partial class RecommenderService(
    IKubernetes client,
    ClusterCache cache,
    ClusterRecommender recommender,
    LeaseElection election,
    MetricsAdapterFeed adapterFeed,
    ServiceState state,
    ServiceOptions options,
    TimeProvider time,
    ILogger<RecommenderService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        recommender.SnapshotIngested += snapshot => adapterFeed.Ingest(snapshot);
        var informers = cache.RunAsync(stoppingToken);
        var electing = election.RunAsync(stoppingToken);
        try
        {
            await cache.WaitForSyncAsync(stoppingToken).ConfigureAwait(false);
            state.Synced = true;
            Log.Synced(logger, client.BaseUri.ToString(), election.Identity);
            using var timer = new PeriodicTimer(options.Interval, time);
            do
            {
                long start = Stopwatch.GetTimestamp();
                try
                {
                    var report = await recommender.RunOnceAsync(stoppingToken).ConfigureAwait(false);
                    state.Completed(report, Stopwatch.GetElapsedTime(start));
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    state.Failed();
                    Log.CycleFailed(logger, ex);
                }

                // After a failed cycle too: what was read is served, and a node that went quiet ages out.
                state.Published(adapterFeed.Publish());
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            await Task.WhenAll(informers, electing).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4201, Level = LogLevel.Information, Message = "Caches synced from {Server}; running as '{Identity}'")]
        public static partial void Synced(ILogger logger, string server, string identity);

        [LoggerMessage(EventId = 4202, Level = LogLevel.Error, Message = "Recommender cycle failed; the next one runs on schedule")]
        public static partial void CycleFailed(ILogger logger, Exception ex);
    }
}
