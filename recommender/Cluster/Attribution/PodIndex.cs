using k8s.Models;
using KernelTruth.Contracts.Cgroups;
using KernelTruth.Contracts.Snapshot;

namespace KernelTruth.Cluster.Attribution;

/// <summary>
/// An immutable view of the cluster's pods at one moment: sensor cgroup → (namespace, pod, container,
/// workload), and per workload its live pods' containers. Rebuilt from the informers' caches every cycle
/// and swapped whole, so the engine's key function never sees a half-updated index.
/// <para>
/// Each container's workload key is made when the index is built, not per reading: the engine asks for it for every
/// cgroup of every snapshot (and again for a finished start, and the metrics adapter once more), and a key made per ask
/// was a new ~90-byte string each time though the engine keeps only the first. A key is carried over from the index
/// before when the same container id still has the same workload and container name (the key's only inputs), so a
/// steady cluster makes no key strings at all; a container whose pod moved to another workload gets its new key.
/// </para>
/// </summary>
public sealed class PodIndex
{
    private readonly Dictionary<string, (ContainerAttribution Who, string Key)> _byContainerId;
    private readonly Dictionary<WorkloadRef, List<V1Pod>> _podsByWorkload;

    // (namespace, kind, name) → the first workload with live pods so named, whatever its apiVersion: Find is asked per
    // profile on every scrape and per VPA every loop, so a scan of every workload made those O(workloads²).
    private readonly Dictionary<(string Namespace, string Kind, string Name), WorkloadRef> _byName = [];

    private PodIndex(Dictionary<string, (ContainerAttribution Who, string Key)> byContainerId, Dictionary<WorkloadRef, List<V1Pod>> podsByWorkload)
    {
        _byContainerId = byContainerId;
        _podsByWorkload = podsByWorkload;
        foreach (var workload in podsByWorkload.Keys)
        {
            _byName.TryAdd((workload.Namespace, workload.Kind, workload.Name), workload);
        }
    }

    public static PodIndex Empty { get; } = new([], []);

    public int Containers => _byContainerId.Count;

    /// <summary>Pods that are finished (Succeeded/Failed) or being deleted still attribute their cgroups (a last interval) but are not "live".</summary>
    /// <param name="previous">The index this one replaces: its keys are reused where still right (see the class remarks).</param>
    public static PodIndex Build(IEnumerable<V1Pod> pods, Func<string, string, string, V1ObjectMeta?> ownerLookup, PodIndex? previous = null)
    {
        var byContainerId = new Dictionary<string, (ContainerAttribution, string)>(StringComparer.Ordinal);
        var byWorkload = new Dictionary<WorkloadRef, List<V1Pod>>();
        foreach (var pod in pods)
        {
            if (pod?.Metadata?.Uid is not { } uid || pod.Metadata.Name is not { } name)
            {
                continue;
            }

            var workload = OwnerResolver.Resolve(pod, ownerLookup);
            string ns = workload.Namespace;
            foreach (var status in pod.Status?.ContainerStatuses ?? [])
            {
                if (status.Name is { } container && ContainerIds.FromStatus(status.ContainerID) is { } id)
                {
                    var who = new ContainerAttribution(ns, name, uid, container, pod.Spec?.NodeName, workload, pod);
                    byContainerId[id] = (who, previous?.KeptKey(id, who) ?? who.Key);
                }
            }

            if (pod.Metadata.DeletionTimestamp is null && pod.Status?.Phase is not ("Succeeded" or "Failed"))
            {
                if (!byWorkload.TryGetValue(workload, out var list))
                {
                    byWorkload[workload] = list = [];
                }

                list.Add(pod);
            }
        }

        return new PodIndex(byContainerId, byWorkload);
    }

    /// <summary>
    /// The container a sensor cgroup is, matched by container id (and pod UID when the path names one);
    /// (kinds as the snapshot contract spells them) null for pod-level cgroups, sandboxes, system units and containers no pod lists (yet).
    /// </summary>
    public ContainerAttribution? Attribute(CgroupIdentity identity) => EntryOf(identity)?.Who;

    /// <summary>The engine's workload key for a cgroup (<see cref="ContainerAttribution.Key"/>, made once per index), or null when it is not a known pod container.</summary>
    public string? KeyOf(CgroupSnapshot cgroup) => EntryOf(cgroup.Identity)?.Key;

    private (ContainerAttribution Who, string Key)? EntryOf(CgroupIdentity identity)
    {
        if (identity.Kind is not ("pod-container" or "container") || identity.ContainerId is not { } id)
        {
            return null;
        }

        if (!_byContainerId.TryGetValue(id, out var entry))
        {
            return null;
        }

        return identity.PodUid is null || string.Equals(identity.PodUid, entry.Who.PodUid, StringComparison.OrdinalIgnoreCase) ? entry : null;
    }

    /// <summary>This index's key for the container id when it names the same workload and container as <paramref name="who"/>.</summary>
    private string? KeptKey(string id, ContainerAttribution who) =>
        _byContainerId.TryGetValue(id, out var was) && was.Who.Container == who.Container && was.Who.Workload.Equals(who.Workload) ? was.Key : null;

    /// <summary>Live pods of a workload, oldest first by name for a stable order.</summary>
    public IReadOnlyList<V1Pod> PodsOf(WorkloadRef workload) =>
        _podsByWorkload.TryGetValue(workload, out var pods) ? [.. pods.OrderBy(p => p.Metadata.Name, StringComparer.Ordinal)] : [];

    /// <summary>Every workload with a live pod, sorted.</summary>
    public IEnumerable<WorkloadRef> Workloads => _podsByWorkload.Keys.OrderBy(w => w.Key(""), StringComparer.Ordinal);

    /// <summary>The workload a VPA's targetRef names, among those with live pods (kind and name in the VPA's namespace).</summary>
    public WorkloadRef? Find(string ns, string kind, string name) => _byName.GetValueOrDefault((ns, kind, name));
}
