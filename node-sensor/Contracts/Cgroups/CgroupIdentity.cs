namespace KernelTruth.Contracts.Cgroups;

/// <summary>
/// What a cgroup is, read from its path alone. Field names and values are those of the snapshot contract
/// (its <c>identity</c>).
/// </summary>
/// <param name="Kind">One of the <see cref="CgroupKinds"/> values.</param>
/// <param name="PodUid">Kubernetes pod UID with dashes (systemd slices spell it with underscores).</param>
/// <param name="ContainerId">64 lowercase hex digits.</param>
/// <param name="Runtime">"containerd", "cri-o" or "docker"; null when the path does not say.</param>
/// <param name="Qos">"guaranteed", "burstable" or "besteffort" for cgroups under kubepods.</param>
/// <param name="Unit">systemd unit name for <see cref="CgroupKinds.SystemdUnit"/>.</param>
public sealed record CgroupIdentity(
    string Kind,
    string? PodUid = null,
    string? ContainerId = null,
    string? Runtime = null,
    string? Qos = null,
    string? Unit = null);
