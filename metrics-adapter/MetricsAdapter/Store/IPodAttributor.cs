using KernelTruth.Contracts.Snapshot;

namespace KernelTruth.MetricsAdapter.Store;

/// <summary>The seam to pod attribution: which pod, if any, a node's cgroup belongs to.</summary>
public interface IPodAttributor
{
    /// <summary>
    /// The pod and container the cgroup is; null when it is no pod's, and null for a cgroup whose
    /// children are attributed too (a pod-level cgroup when its containers are reported), or its
    /// values would count twice.
    /// </summary>
    PodAttribution? Attribute(string node, CgroupSnapshot cgroup);
}
