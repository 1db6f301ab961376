namespace KernelTruth.NodeSensor.Cgroups;

/// <summary>Which cgroups the sensor reports.</summary>
internal enum CgroupScope
{
    /// <summary>Default: pod and pod-container cgroups only; the rest of the node is noise to a recommender.</summary>
    KubernetesPods,

    /// <summary><c>--all</c>: every cgroup, for single-host use (systemd services, plain docker).</summary>
    All,
}
