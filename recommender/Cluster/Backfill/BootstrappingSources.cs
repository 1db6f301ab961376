using KernelTruth.Cluster.Attribution;
using KernelTruth.Contracts.Sources;
using KernelTruth.Recommender.Input;
using KernelTruth.Recommender.Logic;

namespace KernelTruth.Cluster.Backfill;

/// <summary>
/// The cluster's sources with the day-0 history in front. The first loop, once the informers have synced and the pod
/// index stands, starts reading the history of every workload container without a model (none restored from a
/// checkpoint) and waits up to <paramref name="firstWait"/> for it, so a small cluster's workloads have recommendations
/// on the first loop; a larger one's arrive over the next loops. Every loop then feeds what has arrived to the engine
/// before its sensors are read: history flows in where the snapshots do, in the loop, one writer at a time.
/// </summary>
public sealed class BootstrappingSources(ISnapshotSources inner, CurrentPods pods, RecommenderEngine engine, HistoryBootstrap history, TimeSpan firstWait, TimeProvider time) : ISnapshotSources
{
    private Task? _reading;

    public async ValueTask<IReadOnlyList<ISnapshotSource>> ForLoopAsync(CancellationToken cancellationToken)
    {
        var sources = await inner.ForLoopAsync(cancellationToken).ConfigureAwait(false);
        if (_reading is null)
        {
            _reading = history.Start(HistoryTarget.From(pods.Index, engine.Workloads));
            await Task.WhenAny(_reading, Task.Delay(firstWait, time, cancellationToken)).ConfigureAwait(false);
        }

        while (history.TryTake(out var item))
        {
            engine.Bootstrap(item.Key, item.Intervals, HistoryBootstrap.Source);
            history.Applied(item.Key);
        }

        return sources;
    }
}
