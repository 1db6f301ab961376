using KernelTruth.Contracts.Cgroups;

namespace KernelTruth.NodeSensor.Cgroups;

/// <summary>Decides from a cgroup's identity whether the sensor reports it.</summary>
internal sealed class CgroupFilter(CgroupScope scope)
{
    public CgroupScope Scope { get; } = scope;

    public bool Includes(CgroupIdentity identity) => Scope switch
    {
        CgroupScope.All => true,
        CgroupScope.KubernetesPods => identity.Kind is CgroupKinds.PodContainer or CgroupKinds.Pod,
        _ => throw new InvalidOperationException($"Unknown cgroup scope {Scope}"),
    };
}
