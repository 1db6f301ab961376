namespace KernelTruth.NodeSensor.Pods;

/// <summary>
/// The Kubernetes names of a cgroup, as cAdvisor labels its series: <c>namespace</c>, <c>pod</c>, and
/// <c>container</c> (empty for the pod's own cgroup and for a cgroup of the pod no container status names yet,
/// such as the pod sandbox).
/// </summary>
public sealed record PodLabels(string Namespace, string Pod, string Container);
