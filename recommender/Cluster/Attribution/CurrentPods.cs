namespace KernelTruth.Cluster.Attribution;

/// <summary>
/// The pod index of the current loop, rebuilt once per loop before its snapshots are read (<see cref="Input.ClusterSources"/>)
/// and swapped whole: the engine's workload keys, the profile windows and the metrics adapter all attribute a loop's
/// cgroups against the same pods.
/// </summary>
public sealed class CurrentPods
{
    private PodIndex _index = PodIndex.Empty;

    public PodIndex Index => Volatile.Read(ref _index);

    public void Replace(PodIndex index) => Volatile.Write(ref _index, index ?? throw new ArgumentNullException(nameof(index)));

    /// <summary>The engine's key function: namespace/kind/name/container, or null for a cgroup that is no workload container.</summary>
    public string? KeyOf(Contracts.Snapshot.CgroupSnapshot cgroup) => Index.KeyOf(cgroup);
}
