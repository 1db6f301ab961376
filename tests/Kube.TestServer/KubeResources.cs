namespace KernelTruth.Kube.TestServer;

/// <summary>The resources kernel-truth talks to. Others declare their own <see cref="KubeResource"/>.</summary>
public static class KubeResources
{
    public static readonly KubeResource Pods = new("", "v1", "pods", "Pod", Namespaced: true, HasStatusSubresource: true);
    public static readonly KubeResource ConfigMaps = new("", "v1", "configmaps", "ConfigMap", Namespaced: true);
    public static readonly KubeResource Namespaces = new("", "v1", "namespaces", "Namespace", Namespaced: false, HasStatusSubresource: true);
    public static readonly KubeResource Nodes = new("", "v1", "nodes", "Node", Namespaced: false, HasStatusSubresource: true);

    public static readonly KubeResource Leases = new("coordination.k8s.io", "v1", "leases", "Lease", Namespaced: true);

    public static readonly KubeResource Deployments = new("apps", "v1", "deployments", "Deployment", Namespaced: true, HasStatusSubresource: true);
    public static readonly KubeResource ReplicaSets = new("apps", "v1", "replicasets", "ReplicaSet", Namespaced: true, HasStatusSubresource: true);
    public static readonly KubeResource StatefulSets = new("apps", "v1", "statefulsets", "StatefulSet", Namespaced: true, HasStatusSubresource: true);
    public static readonly KubeResource DaemonSets = new("apps", "v1", "daemonsets", "DaemonSet", Namespaced: true, HasStatusSubresource: true);

    public static readonly KubeResource Jobs = new("batch", "v1", "jobs", "Job", Namespaced: true, HasStatusSubresource: true);
    public static readonly KubeResource CronJobs = new("batch", "v1", "cronjobs", "CronJob", Namespaced: true, HasStatusSubresource: true);

    public static readonly KubeResource VerticalPodAutoscalers = new(
        "autoscaling.k8s.io", "v1", "verticalpodautoscalers", "VerticalPodAutoscaler", Namespaced: true, HasStatusSubresource: true);

    public static readonly KubeResource WorkloadProfiles = new(
        "ktruth.io", "v1alpha1", "workloadprofiles", "WorkloadProfile", Namespaced: true, HasStatusSubresource: true);

    public static readonly KubeResource WorkloadCheckpoints = new(
        "ktruth.io", "v1alpha1", "workloadcheckpoints", "WorkloadCheckpoint", Namespaced: true);

    /// <summary>Create-only: the server answers in status and stores nothing.</summary>
    public static readonly KubeResource TokenReviews = new("authentication.k8s.io", "v1", "tokenreviews", "TokenReview", Namespaced: false);

    /// <summary>Create-only: the server answers in status and stores nothing.</summary>
    public static readonly KubeResource SubjectAccessReviews = new(
        "authorization.k8s.io", "v1", "subjectaccessreviews", "SubjectAccessReview", Namespaced: false);

    public static IReadOnlyList<KubeResource> All { get; } =
    [
        Pods, ConfigMaps, Namespaces, Nodes, Leases, Deployments, ReplicaSets, StatefulSets, DaemonSets,
        Jobs, CronJobs, VerticalPodAutoscalers, WorkloadProfiles, WorkloadCheckpoints, TokenReviews, SubjectAccessReviews,
    ];
}
