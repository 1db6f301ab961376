namespace KernelTruth.Contracts.Cgroups;

/// <summary>Values of <see cref="CgroupIdentity.Kind"/>, as they appear in the snapshot.</summary>
public static class CgroupKinds
{
    /// <summary>A container of a Kubernetes pod.</summary>
    public const string PodContainer = "pod-container";

    /// <summary>A pod-level cgroup: where Kubernetes puts pod-level limits.</summary>
    public const string Pod = "pod";

    /// <summary>A container outside Kubernetes (plain docker, or a runtime leaf outside kubepods).</summary>
    public const string Container = "container";

    /// <summary>A systemd slice, service, scope or other unit.</summary>
    public const string SystemdUnit = "systemd-unit";

    /// <summary>Anything else, including the root and kubepods' own cgroupfs directories.</summary>
    public const string Cgroup = "cgroup";
}
