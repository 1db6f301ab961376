namespace KernelTruth.Cluster.Attribution;

/// <summary>
/// The object that owns a pod's lifecycle: Deployment, StatefulSet, DaemonSet, CronJob, a ReplicaSet or
/// Job without an owner, any other controller (e.g. a custom resource), or the bare Pod itself.
/// </summary>
public sealed record WorkloadRef(string Namespace, string ApiVersion, string Kind, string Name)
{
    /// <summary>The engine's workload key for one container: namespace/kind/name/container.</summary>
    public string Key(string container) => $"{Namespace}/{Kind}/{Name}/{container}";

    /// <summary>The key prefix every container of this workload shares.</summary>
    public string KeyPrefix => $"{Namespace}/{Kind}/{Name}/";

    /// <summary>Splits a key made by <see cref="Key"/>; false for anything else (e.g. a cgroup path).</summary>
    public static bool TryParseKey(string key, out string ns, out string kind, out string name, out string container)
    {
        ns = kind = name = container = "";
        var parts = key.Split('/');
        if (parts.Length != 4 || parts.Any(string.IsNullOrEmpty))
        {
            return false;
        }

        (ns, kind, name, container) = (parts[0], parts[1], parts[2], parts[3]);
        return true;
    }
}
