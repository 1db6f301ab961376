using k8s.Models;

namespace KernelTruth.Cluster.Attribution;

/// <summary>
/// Who a sensor cgroup is: the pod's container and the workload that owns the pod. <see cref="PodObject"/> is the
/// pod as listed (labels, owners, requests) for outputs that need more, such as the metrics adapter's attributor.
/// </summary>
public sealed record ContainerAttribution(string Namespace, string Pod, string PodUid, string Container, string? Node, WorkloadRef Workload, V1Pod? PodObject = null)
{
    public string Key => Workload.Key(Container);
}
