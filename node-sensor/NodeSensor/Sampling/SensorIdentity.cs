namespace KernelTruth.NodeSensor.Sampling;

/// <summary>Which node and kernel a snapshot comes from.</summary>
internal sealed record SensorIdentity(string Node, string Kernel)
{
    /// <summary>The node name from NODE_NAME (set from the downward API in the DaemonSet), else the host name.</summary>
    public static SensorIdentity FromHost()
    {
        string node = Environment.GetEnvironmentVariable("NODE_NAME") is { Length: > 0 } n ? n : Environment.MachineName;
        string kernel = File.Exists("/proc/sys/kernel/osrelease") ? File.ReadAllText("/proc/sys/kernel/osrelease").Trim() : Environment.OSVersion.Version.ToString();
        return new SensorIdentity(node, kernel);
    }
}
