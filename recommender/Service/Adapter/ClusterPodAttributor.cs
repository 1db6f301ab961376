using KernelTruth.Cluster.Attribution;
using KernelTruth.Contracts.Snapshot;
using KernelTruth.MetricsAdapter.Store;
using AdapterWorkload = KernelTruth.MetricsAdapter.Store.WorkloadRef;

namespace KernelTruth.Service.Adapter;

/// <summary>
/// The metrics adapter's view of who a cgroup is, read from the recommender's pod index of the current cycle.
/// Container-level cgroups only: the index answers null for pod-level cgroups (and sandboxes, system units),
/// so a pod's values are the sum of its containers and nothing counts twice.
/// </summary>
internal sealed class ClusterPodAttributor(Func<PodIndex> index) : IPodAttributor
{
    public PodAttribution? Attribute(string node, CgroupSnapshot cgroup)
    {
        ArgumentNullException.ThrowIfNull(cgroup);
        if (index().Attribute(cgroup.Identity) is not { } who)
        {
            return null;
        }

        var pod = who.PodObject;
        var container = pod?.Spec?.Containers?.FirstOrDefault(c => c.Name == who.Container);
        return new PodAttribution(
            who.Namespace,
            who.Pod,
            pod?.Metadata?.Labels is { } labels ? new Dictionary<string, string>(labels, StringComparer.Ordinal) : [],
            OwnersOf(who),
            who.Container,
            container is null ? null : CurrentResources.Of(container).CpuRequestCores);
    }

    /// <summary>
    /// The pod's controller (e.g. its ReplicaSet) and the workload it resolves to (e.g. the Deployment), each when it
    /// is a kind the adapter serves object metrics for; a bare pod has none.
    /// </summary>
    private static List<AdapterWorkload> OwnersOf(ContainerAttribution who)
    {
        var owners = new List<AdapterWorkload>(2);
        void Add(string? kind, string? name)
        {
            if (kind is not null && !string.IsNullOrEmpty(name) && WorkloadKinds.ByKind(kind) is not null && !owners.Contains(new AdapterWorkload(kind, name)))
            {
                owners.Add(new AdapterWorkload(kind, name));
            }
        }

        var controller = who.PodObject?.Metadata?.OwnerReferences?.FirstOrDefault(o => o.Controller == true);
        Add(controller?.Kind, controller?.Name);
        Add(who.Workload.Kind, who.Workload.Name);
        return owners;
    }
}
