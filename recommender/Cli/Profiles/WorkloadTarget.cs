using KernelTruth.Kubernetes.Resources;

namespace KernelTruth.Cli.Profiles;

/// <summary>
/// KIND/NAME as kubectl takes it: "deployment/web", "deploy/web", "sts/db". It picks the profiles of that workload
/// (one per container) by spec.targetRef; "ktp/NAME" (or "workloadprofile/NAME") picks one profile by its own name.
/// A kind we do not know by a short name (an Argo Rollout, say) is compared as written, ignoring case.
/// </summary>
internal sealed record WorkloadTarget(string Kind, string Name)
{
    private const string ProfileKind = "WorkloadProfile";

    private static readonly Dictionary<string, string> Kinds = new(StringComparer.OrdinalIgnoreCase)
    {
        ["deploy"] = "Deployment", ["deployment"] = "Deployment", ["deployments"] = "Deployment",
        ["sts"] = "StatefulSet", ["statefulset"] = "StatefulSet", ["statefulsets"] = "StatefulSet",
        ["ds"] = "DaemonSet", ["daemonset"] = "DaemonSet", ["daemonsets"] = "DaemonSet",
        ["rs"] = "ReplicaSet", ["replicaset"] = "ReplicaSet", ["replicasets"] = "ReplicaSet",
        ["job"] = "Job", ["jobs"] = "Job",
        ["cj"] = "CronJob", ["cronjob"] = "CronJob", ["cronjobs"] = "CronJob",
        ["po"] = "Pod", ["pod"] = "Pod", ["pods"] = "Pod",
        ["ktp"] = ProfileKind, ["workloadprofile"] = ProfileKind, ["workloadprofiles"] = ProfileKind,
    };

    /// <summary>"deploy/web" ⇒ (Deployment, web); null with a reason when it is not KIND/NAME.</summary>
    public static WorkloadTarget? Parse(string text, out string? error)
    {
        string[] parts = text.Split('/');
        if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
        {
            error = $"'{text}' is not KIND/NAME (e.g. deployment/web, sts/db, ktp/deployment-web-app)";
            return null;
        }

        error = null;
        return new WorkloadTarget(Kinds.GetValueOrDefault(parts[0], parts[0]), parts[1]);
    }

    public bool Matches(WorkloadProfile profile) => Kind == ProfileKind
        ? profile.Metadata?.Name == Name
        : profile.Spec?.TargetRef is { } target
            && string.Equals(target.Kind, Kind, StringComparison.OrdinalIgnoreCase)
            && target.Name == Name;

    public override string ToString() => $"{Kind.ToLowerInvariant()}/{Name}";
}
