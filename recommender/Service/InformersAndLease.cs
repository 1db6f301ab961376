using k8s;
using KernelTruth.Cluster.Input;
using KernelTruth.Kubernetes.Election;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KernelTruth.Service;

/// <summary>
/// What runs beside the loop for the life of the process: the informers (the loop's first ingest waits until they
/// have synced) and the Lease election (its sinks that write ask it before each loop). Registered before the loop's
/// hosted services, so it starts first and stops last: the Lease is given up after the last loop and the last save.
/// </summary>
internal sealed partial class InformersAndLease(IKubernetes client, ClusterCache cache, LeaseElection election, ServiceState state, ILogger<InformersAndLease> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var informers = cache.RunAsync(stoppingToken);
        var electing = election.RunAsync(stoppingToken);
        try
        {
            await cache.WaitForSyncAsync(stoppingToken).ConfigureAwait(false);
            state.Synced = true;
            Log.Synced(logger, client.BaseUri.ToString(), election.Identity);
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
    }
}
