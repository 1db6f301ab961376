using k8s.Models;
using KernelTruth.Cluster.Input;
using KernelTruth.Recommender.Logic;

namespace KernelTruth.Cluster.Attribution;

/// <summary>
/// Tells the loop which workloads are gone for good, from the informers the recommender already runs: a workload is
/// gone when no current pod belongs to it and its controller was deleted. The caches hold ReplicaSets and Jobs, not
/// Deployments or CronJobs, so a Deployment counts as deleted when no ReplicaSet it controls is left (deleting a
/// Deployment deletes its ReplicaSets; one scaled to zero keeps them), a CronJob when no Job it controls is left, a
/// ReplicaSet, Job or bare Pod when it is not in the cache. StatefulSets, DaemonSets and other controllers are not
/// cached: for them this says "cannot tell" and their models wait for the idle time. Before every cache has synced
/// nothing is gone.
/// </summary>
public sealed class ClusterWorkloadPresence(ClusterCache cache, CurrentPods pods) : IWorkloadPresence
{
    private readonly Lock _lock = new();
    private (string? ReplicaSets, string? Jobs) _version;
    private HashSet<(string Namespace, string Kind, string Name)> _controllers = [];

    /// <summary>
    /// True for the kinds the caches can tell are deleted (Deployment, CronJob, ReplicaSet, Job, a bare Pod); false for
    /// StatefulSets, DaemonSets and other controllers, whose objects are not cached: one with no pod may be scaled to zero.
    /// </summary>
    public static bool CanTellGone(string kind) => kind is "Deployment" or "CronJob" or "ReplicaSet" or "Job" or "Pod";

    public bool IsGone(string workload)
    {
        if (!cache.HasSynced || !WorkloadRef.TryParseKey(workload, out string ns, out string kind, out string name, out _))
        {
            return false;
        }

        if (pods.Index.Find(ns, kind, name) is not null)
        {
            return false;
        }

        return kind switch
        {
            "Deployment" or "CronJob" => !Controllers().Contains((ns, kind, name)),
            "ReplicaSet" => cache.ReplicaSets.Get(ns, name) is null,
            "Job" => cache.Jobs.Get(ns, name) is null,
            "Pod" => true, // no pod of that name in the current index: a bare pod does not come back
            _ => false, // !CanTellGone(kind)
        };
    }

    /// <summary>The Deployments and CronJobs some cached ReplicaSet or Job names as its controller; rebuilt when a cache moved.</summary>
    private HashSet<(string Namespace, string Kind, string Name)> Controllers()
    {
        lock (_lock)
        {
            var version = (cache.ReplicaSets.LastResourceVersion, cache.Jobs.LastResourceVersion);
            if (version != _version)
            {
                _controllers = [.. Owners(cache.ReplicaSets.List().Select(r => r.Metadata), "apps/", "Deployment")
                    .Concat(Owners(cache.Jobs.List().Select(j => j.Metadata), "batch/", "CronJob"))];
                _version = version;
            }

            return _controllers;
        }
    }

    private static IEnumerable<(string, string, string)> Owners(IEnumerable<V1ObjectMeta?> objects, string apiGroup, string kind) =>
        from meta in objects
        where meta is not null
        from owner in meta.OwnerReferences ?? []
        where owner.Controller == true && owner.Kind == kind && owner.ApiVersion?.StartsWith(apiGroup, StringComparison.Ordinal) == true && owner.Name is not null
        select (meta.NamespaceProperty ?? "default", kind, owner.Name);
}
