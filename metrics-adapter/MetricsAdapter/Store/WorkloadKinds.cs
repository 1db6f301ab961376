namespace KernelTruth.MetricsAdapter.Store;

/// <summary>
/// Workload kinds an Object metric can describe, with the group-qualified plural the HPA puts in
/// the URL (<c>/namespaces/{ns}/deployments.apps/{name}/{metric}</c>) and the apiVersion of the
/// describedObject reference.
/// </summary>
public static class WorkloadKinds
{
    public static IReadOnlyList<WorkloadKind> All { get; } =
    [
        new("Deployment", "deployments.apps", "apps/v1"),
        new("StatefulSet", "statefulsets.apps", "apps/v1"),
        new("DaemonSet", "daemonsets.apps", "apps/v1"),
        new("ReplicaSet", "replicasets.apps", "apps/v1"),
        new("Job", "jobs.batch", "batch/v1"),
        new("CronJob", "cronjobs.batch", "batch/v1"),
        new("ReplicationController", "replicationcontrollers", "/v1"),
    ];

    /// <summary>By URL resource; the bare plural (<c>deployments</c>) is accepted too, as kubectl sends it for a unique name.</summary>
    public static WorkloadKind? ByResource(string resource)
    {
        foreach (var k in All)
        {
            if (string.Equals(k.Resource, resource, StringComparison.Ordinal) || string.Equals(k.Plural, resource, StringComparison.Ordinal))
            {
                return k;
            }
        }

        return null;
    }

    public static WorkloadKind? ByKind(string kind) => All.FirstOrDefault(k => string.Equals(k.Kind, kind, StringComparison.Ordinal));
}

/// <param name="Kind">The object's kind, e.g. Deployment.</param>
/// <param name="Resource">The group-qualified plural, e.g. deployments.apps.</param>
/// <param name="ApiVersion">The describedObject's apiVersion, e.g. apps/v1 (core kinds "/v1", as custom-metrics-apiserver writes them).</param>
public sealed record WorkloadKind(string Kind, string Resource, string ApiVersion)
{
    public string Plural => Resource.Split('.')[0];
}
