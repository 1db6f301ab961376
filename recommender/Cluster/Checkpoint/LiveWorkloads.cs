using k8s.Models;
using KernelTruth.Cluster.Attribution;
using KernelTruth.Cluster.Input;

namespace KernelTruth.Cluster.Checkpoint;

/// <summary>
/// Which workloads exist now, as "namespace/Kind/name", for collecting the checkpoints of those that do not: every
/// workload with a live pod, and, from the caches, every Deployment that owns a ReplicaSet and CronJob that owns a Job
/// (so one scaled to zero keeps its history), and every ReplicaSet and Job. StatefulSets and DaemonSets are not watched:
/// one without pods is missing here, and the store does not take that as gone
/// (<see cref="ClusterWorkloadPresence.CanTellGone"/>). Null until the informers have synced and a loop has built the pod
/// index: then nothing is known yet, and nothing may be collected.
/// </summary>
public sealed class LiveWorkloads(ClusterCache cache, CurrentPods pods)
{
    public IReadOnlySet<string>? Now()
    {
        var index = pods.Index;
        if (!cache.HasSynced || ReferenceEquals(index, PodIndex.Empty))
        {
            return null;
        }

        var live = new HashSet<string>(StringComparer.Ordinal);
        foreach (var workload in index.Workloads)
        {
            live.Add($"{workload.Namespace}/{workload.Kind}/{workload.Name}");
        }

        AddWithOwners(live, "ReplicaSet", cache.ReplicaSets.List().Select(r => r.Metadata));
        AddWithOwners(live, "Job", cache.Jobs.List().Select(j => j.Metadata));
        return live;
    }

    private static void AddWithOwners(HashSet<string> live, string kind, IEnumerable<V1ObjectMeta?> objects)
    {
        foreach (var meta in objects)
        {
            if (meta?.Name is not { } name)
            {
                continue;
            }

            live.Add($"{meta.NamespaceProperty}/{kind}/{name}");
            foreach (var owner in meta.OwnerReferences ?? [])
            {
                if (owner.Controller == true)
                {
                    live.Add($"{meta.NamespaceProperty}/{owner.Kind}/{owner.Name}");
                }
            }
        }
    }
}
