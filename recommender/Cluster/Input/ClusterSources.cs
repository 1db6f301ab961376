using KernelTruth.Cluster.Attribution;
using KernelTruth.Cluster.Configuration;
using KernelTruth.Contracts.Sources;
using KernelTruth.Recommender.Input;

namespace KernelTruth.Cluster.Input;

/// <summary>
/// The cluster's snapshot sources. At the start of each loop, once the informers hold their first full lists (the
/// first loop waits for them: nothing is written from a cache that has not seen everything), one list of the pods as
/// the cache has them now gives both this loop's attribution (<see cref="CurrentPods"/>) and the sensors to read
/// (<see cref="SensorDiscovery"/>: running sensor pods in our namespace), each read through the Refit
/// <see cref="ISensorApi"/>, within its timeout and retries.
/// </summary>
public sealed class ClusterSources(ClusterCache cache, CurrentPods pods, ISensorApi sensors, ClusterOptions options) : ISnapshotSources
{
    public async ValueTask<IReadOnlyList<ISnapshotSource>> ForLoopAsync(CancellationToken cancellationToken)
    {
        await cache.WaitForSyncAsync(cancellationToken).ConfigureAwait(false);
        var now = cache.Pods.List();
        pods.Replace(cache.BuildIndex(now, pods.Index));
        return [.. SensorDiscovery.Find(now, options).Select(s => new HttpSnapshotSource(sensors, s.Url, s.Node))];
    }
}
