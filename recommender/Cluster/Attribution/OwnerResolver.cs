using k8s.Models;

namespace KernelTruth.Cluster.Attribution;

/// <summary>
/// Follows controller owner references from a pod to its workload: ReplicaSet → Deployment,
/// Job → CronJob, StatefulSet/DaemonSet directly, no controller → the pod itself. A ReplicaSet or Job
/// that has no controller of its own is the workload.
/// </summary>
/// <remarks>
/// A ReplicaSet not (yet) in the cache: Deployment-made ReplicaSets are named
/// "&lt;deployment&gt;-&lt;pod-template-hash&gt;" and their pods carry that hash as a label, so the Deployment's
/// name is read off the name rather than attributing the pod to a short-lived ReplicaSet (which would
/// start a new model on every rollout). The same holds for Jobs a CronJob made, which carry no such
/// label: an unknown Job stays a Job until the cache has it.
/// </remarks>
public static class OwnerResolver
{
    public const string PodTemplateHashLabel = "pod-template-hash";

    /// <param name="lookup">(kind "ReplicaSet" or "Job", namespace, name) → the object's metadata, or null when unknown.</param>
    public static WorkloadRef Resolve(V1Pod pod, Func<string, string, string, V1ObjectMeta?> lookup)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var metadata = pod.Metadata ?? new V1ObjectMeta();
        string ns = metadata.NamespaceProperty ?? "default";
        var owner = Controller(metadata);
        if (owner is null)
        {
            return new WorkloadRef(ns, "v1", "Pod", metadata.Name ?? "");
        }

        switch (owner.Kind)
        {
            case "ReplicaSet" when IsGroup(owner, "apps"):
                if (lookup("ReplicaSet", ns, owner.Name!) is { } rs)
                {
                    return Controller(rs) is { } deployment ? Ref(ns, deployment) : Ref(ns, owner);
                }

                return metadata.Labels is { } labels && labels.TryGetValue(PodTemplateHashLabel, out var hash) && hash is { Length: > 0 } && owner.Name!.EndsWith("-" + hash, StringComparison.Ordinal)
                    ? new WorkloadRef(ns, "apps/v1", "Deployment", owner.Name[..^(hash.Length + 1)])
                    : Ref(ns, owner);
            case "Job" when IsGroup(owner, "batch"):
                return lookup("Job", ns, owner.Name!) is { } job && Controller(job) is { } cronJob ? Ref(ns, cronJob) : Ref(ns, owner);
            default:
                return Ref(ns, owner);
        }
    }

    private static V1OwnerReference? Controller(V1ObjectMeta metadata) =>
        metadata.OwnerReferences?.FirstOrDefault(o => o.Controller == true && !string.IsNullOrEmpty(o.Kind) && !string.IsNullOrEmpty(o.Name));

    private static bool IsGroup(V1OwnerReference owner, string group) => owner.ApiVersion?.StartsWith(group + "/", StringComparison.Ordinal) == true;

    private static WorkloadRef Ref(string ns, V1OwnerReference owner) => new(ns, owner.ApiVersion ?? "", owner.Kind!, owner.Name!);
}
