using KernelTruth.Cluster.Attribution;

namespace KernelTruth.Cluster.Backfill;

/// <summary>A workload whose containers have no model yet: its live pods' names and each container's resources now.</summary>
public sealed record HistoryTarget(WorkloadRef Workload, IReadOnlyList<string> LivePods, IReadOnlyDictionary<string, CurrentResources> Containers)
{
    /// <summary>The workloads with live pods in <paramref name="index"/>, each with the containers <paramref name="known"/> has no model for.</summary>
    public static IReadOnlyList<HistoryTarget> From(PodIndex index, IReadOnlyCollection<string> known)
    {
        ArgumentNullException.ThrowIfNull(index);
        var modelled = known.ToHashSet(StringComparer.Ordinal);
        var targets = new List<HistoryTarget>();
        foreach (var workload in index.Workloads)
        {
            var pods = index.PodsOf(workload);
            var containers = CurrentResources.ByContainer(pods).Where(c => !modelled.Contains(workload.Key(c.Key))).ToDictionary(StringComparer.Ordinal);
            if (containers.Count > 0)
            {
                targets.Add(new HistoryTarget(workload, [.. pods.Select(p => p.Metadata.Name)], containers));
            }
        }

        return targets;
    }
}
