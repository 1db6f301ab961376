using k8s.Models;
using KernelTruth.Contracts.Cgroups;

namespace KernelTruth.NodeSensor.Pods;

/// <summary>
/// The pods of this node as <see cref="NodePodWatch"/> last saw them: pod UID → namespace and name, container id →
/// container name (from the container, init container and ephemeral container statuses). A cgroup is labelled when
/// its pod is known; its container name when a status carries its id. A deleted pod is kept for
/// <see cref="KeepDeleted"/>: its cgroups outlive the API object by a few seconds, and dropping the names first would
/// start their series anew without labels.
/// </summary>
public sealed class NodePods : IPodLabeler
{
    /// <summary>Long enough for the kubelet to remove the cgroups and the sensor to forget them.</summary>
    public static readonly TimeSpan KeepDeleted = TimeSpan.FromMinutes(2);

    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly Dictionary<string, PodEntry> _byUid = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, (string Uid, string Container)> _byContainerId = new(StringComparer.Ordinal);

    public NodePods(TimeProvider time) => _time = time;

    /// <summary>Pods known now, deleted ones still kept included.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _byUid.Count;
            }
        }
    }

    /// <summary>Adds or replaces a pod (an informer's add or update).</summary>
    public void Upsert(V1Pod pod)
    {
        if (pod.Metadata?.Uid is not { } uid || pod.Metadata.Name is not { } name)
        {
            return;
        }

        var containers = Statuses(pod)
            .Select(s => (Id: ContainerIds.FromStatus(s.ContainerID), Name: s.Name ?? ""))
            .Where(c => c.Id is not null && c.Name.Length > 0)
            .Select(c => (Id: c.Id!, c.Name))
            .ToList();
        lock (_lock)
        {
            Purge();
            RemoveContainers(uid);
            _byUid[uid] = new PodEntry(pod.Metadata.NamespaceProperty ?? "", name, [.. containers.Select(c => c.Id)], DeletedAt: null);
            foreach (var (id, container) in containers)
            {
                _byContainerId[id] = (uid, container);
            }
        }
    }

    /// <summary>Marks a pod deleted; its names are dropped at the first change <see cref="KeepDeleted"/> or more later.</summary>
    public void Delete(V1Pod pod)
    {
        if (pod.Metadata?.Uid is not { } uid)
        {
            return;
        }

        lock (_lock)
        {
            if (_byUid.TryGetValue(uid, out var entry))
            {
                _byUid[uid] = entry with { DeletedAt = _time.GetUtcNow() };
            }

            Purge();
        }
    }

    public PodLabels? Label(CgroupIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        lock (_lock)
        {
            if (identity.ContainerId is { } id && _byContainerId.TryGetValue(id, out var known)
                && (identity.PodUid is null || string.Equals(identity.PodUid, known.Uid, StringComparison.OrdinalIgnoreCase))
                && _byUid.TryGetValue(known.Uid, out var owner))
            {
                return new PodLabels(owner.Namespace, owner.Name, known.Container);
            }

            // The pod's own cgroup, its sandbox, or a container no status names yet: the pod, without a container.
            return identity.PodUid is { } uid && _byUid.TryGetValue(uid, out var pod) ? new PodLabels(pod.Namespace, pod.Name, "") : null;
        }
    }

    private static IEnumerable<V1ContainerStatus> Statuses(V1Pod pod) =>
        (pod.Status?.ContainerStatuses ?? []).Concat(pod.Status?.InitContainerStatuses ?? []).Concat(pod.Status?.EphemeralContainerStatuses ?? []);

    private void RemoveContainers(string uid)
    {
        if (_byUid.TryGetValue(uid, out var old))
        {
            foreach (string id in old.ContainerIds)
            {
                if (_byContainerId.TryGetValue(id, out var c) && c.Uid == uid)
                {
                    _byContainerId.Remove(id);
                }
            }
        }
    }

    private void Purge()
    {
        var cutoff = _time.GetUtcNow() - KeepDeleted;
        foreach (var (uid, entry) in _byUid.Where(e => e.Value.DeletedAt <= cutoff).ToList())
        {
            RemoveContainers(uid);
            _byUid.Remove(uid);
        }
    }

    private sealed record PodEntry(string Namespace, string Name, IReadOnlyList<string> ContainerIds, DateTimeOffset? DeletedAt);
}
