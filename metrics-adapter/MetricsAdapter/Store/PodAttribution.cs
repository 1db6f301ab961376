namespace KernelTruth.MetricsAdapter.Store;

/// <summary>
/// The pod a cgroup belongs to, as pod attribution (the cluster's informers, or the single-host
/// naming) tells it. Several cgroups (the containers) may name the same pod: their values merge.
/// </summary>
/// <param name="Namespace">The pod's namespace.</param>
/// <param name="Pod">The pod's name.</param>
/// <param name="Labels">The pod's labels; label selectors match them.</param>
/// <param name="Owners">Workload objects that own the pod, directly or not (e.g. its ReplicaSet and that one's Deployment).</param>
/// <param name="Container">The container this cgroup is; null when the cgroup is the whole pod.</param>
/// <param name="RequestCores">The container's (or pod's) CPU request; null when it has none.</param>
public sealed record PodAttribution(
    string Namespace,
    string Pod,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyList<WorkloadRef> Owners,
    string? Container,
    double? RequestCores);

/// <summary>A workload object by kind (Deployment, StatefulSet …, see <see cref="WorkloadKinds"/>) and name.</summary>
public sealed record WorkloadRef(string Kind, string Name);
