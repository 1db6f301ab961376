using KernelTruth.Contracts.Cgroups;

namespace KernelTruth.NodeSensor.Pods;

/// <summary>Who a cgroup is in Kubernetes terms, if the sensor knows: <see cref="NodePods"/> in a cluster.</summary>
public interface IPodLabeler
{
    /// <summary>The names for a cgroup's identity; null when it is no pod's, or its pod is unknown.</summary>
    PodLabels? Label(CgroupIdentity identity);
}
