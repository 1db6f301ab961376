namespace KernelTruth.Contracts.Cgroups;

/// <summary>Container ids as a pod's status gives them, turned into the form cgroup paths (and <see cref="CgroupIdentity.ContainerId"/>) use.</summary>
public static class ContainerIds
{
    /// <summary>"containerd://ABC…" → "abc…": the runtime's scheme dropped, lowercase; null when there is no id yet (the container has not started).</summary>
    public static string? FromStatus(string? containerId)
    {
        if (string.IsNullOrEmpty(containerId))
        {
            return null;
        }

        int scheme = containerId.IndexOf("://", StringComparison.Ordinal);
        string id = scheme >= 0 ? containerId[(scheme + 3)..] : containerId;
        return id.Length == 0 ? null : id.ToLowerInvariant();
    }
}
