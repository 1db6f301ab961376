namespace KernelTruth.Kubernetes.Attribution;

/// <summary>Who a sensor cgroup is: the pod's container and the workload that owns the pod.</summary>
public sealed record ContainerAttribution(string Namespace, string Pod, string PodUid, string Container, string? Node, WorkloadRef Workload)
{
    public string Key => Workload.Key(Container);
}
