using KernelTruth.Deploy.Tests.Rendering;

namespace KernelTruth.Deploy.Tests.Manifests;

/// <summary>
/// Least privilege: the rendered RBAC grants the recommender and the sensor exactly the lists below (issues 4, 5
/// and 15), uses no wildcard but one documented exception, grants non-resource URLs only for reading the sensor's
/// API, and every binding points at a role that exists.
/// </summary>
public sealed class RbacTests
{
    private const string RecommenderAccount = "ktruth-recommender";
    private const string SensorAccount = "ktruth-sensor";

    /// <summary>The sensor's own ClusterRole: its node's pods, through an informer (list and watch, never get).</summary>
    private static readonly HashSet<(string Group, string Resource, string Verb)> SensorClusterRole = [.. Grant("", ["pods"], "list", "watch")];

    /// <summary>The only non-resource URLs any role may grant, and only get: the sensor's API (--auth kubernetes).</summary>
    private static readonly string[] SensorPaths = ["/v1/snapshot", "/metrics"];

    /// <summary>
    /// (apiGroup, resource, verb) the recommender's ClusterRole must grant, no more, no less: exactly what the code calls (tests/Cluster.Tests AdapterServiceTests derives it from a whole run): informers
    /// list and watch; status is patched; profiles are created, and deleted when their model is dropped. No get, no Deployments/StatefulSets/DaemonSets/CronJobs.
    /// </summary>
    private static readonly HashSet<(string Group, string Resource, string Verb)> RecommenderClusterRole =
    [
        .. Grant("", ["pods"], "list", "watch"),
        .. Grant("apps", ["replicasets"], "list", "watch"),
        .. Grant("batch", ["jobs"], "list", "watch"),
        .. Grant("autoscaling.k8s.io", ["verticalpodautoscalers"], "list", "watch"),
        .. Grant("autoscaling.k8s.io", ["verticalpodautoscalers/status"], "patch"),
        .. Grant("ktruth.io", ["workloadprofiles"], "list", "watch", "create", "delete"), // delete: the profile of a dropped model
        .. Grant("ktruth.io", ["workloadprofiles/status"], "patch"),
    ];

    /// <summary>Built-in roles we bind to; the API server creates them, so deploy/ does not render them.</summary>
    private static readonly HashSet<(string Kind, string? Namespace, string Name)> BuiltInRoles =
    [
        ("ClusterRole", null, "system:auth-delegator"),
        ("Role", "kube-system", "extension-apiserver-authentication-reader"),
    ];

    private static readonly string[] MetricsGroups = ["custom.metrics.k8s.io", "external.metrics.k8s.io"];

    private static IEnumerable<KubeObject> Roles => RenderedDeploy.Objects.Where(o => o.Kind is "Role" or "ClusterRole");

    private static IEnumerable<KubeObject> Bindings => RenderedDeploy.Objects.Where(o => o.Kind is "RoleBinding" or "ClusterRoleBinding");

    [Fact]
    public void Roles_UseNoWildcard_ExceptResourcesOfTheMetricsGroups()
    {
        var problems = new List<string>();
        foreach (var role in Roles)
        {
            foreach (var rule in Tree.Maps(role.Root.GetValueOrDefault("rules")))
            {
                var groups = Tree.Strings(rule.GetValueOrDefault("apiGroups")).ToList();
                var resources = Tree.Strings(rule.GetValueOrDefault("resources")).ToList();
                var verbs = Tree.Strings(rule.GetValueOrDefault("verbs")).ToList();
                if (verbs.Contains("*") || groups.Contains("*"))
                {
                    problems.Add($"{role.Id}: wildcard verb or apiGroup");
                }

                var urls = Tree.Strings(rule.GetValueOrDefault("nonResourceURLs")).ToList();
                if (rule.ContainsKey("nonResourceURLs") && (urls.Count == 0 || !urls.All(SensorPaths.Contains) || !verbs.SequenceEqual(["get"]) || resources.Count > 0))
                {
                    problems.Add($"{role.Id}: nonResourceURLs other than get on the sensor's {string.Join(" and ", SensorPaths)}");
                }

                // Metric names are open-ended resources ("pods/<metric>") of groups only our adapter serves.
                var metricsException = role.Kind == "ClusterRole" && role.Name == "ktruth-metrics-reader"
                    && groups.All(MetricsGroups.Contains) && verbs.All(v => v is "get" or "list" or "watch");
                if (resources.Any(r => r.Contains('*', StringComparison.Ordinal)) && !metricsException)
                {
                    problems.Add($"{role.Id}: wildcard resource outside the read-only metrics rule");
                }

                // delete only where we collect our own objects: WorkloadCheckpoints of workloads that no longer exist, and the
                // WorkloadProfiles of workloads whose model was dropped.
                var collects = (role.Kind == "Role" && role.Name == "ktruth-recommender-checkpoints" && resources.SequenceEqual(["workloadcheckpoints"]))
                    || (role.Kind == "ClusterRole" && role.Name == "ktruth-recommender" && resources.SequenceEqual(["workloadprofiles"]));
                if (verbs.Any(v => v is "escalate" or "bind" or "impersonate" or "deletecollection" || (v == "delete" && !collects)))
                {
                    problems.Add($"{role.Id}: verb {string.Join(",", verbs)} is never needed");
                }
            }
        }

        Assert.Empty(problems);
    }

    [Fact]
    public void RecommenderClusterRole_GrantsExactlyTheListedVerbs()
    {
        var granted = Triples(RenderedDeploy.Single("ClusterRole", "ktruth-recommender"));
        var extra = granted.Except(RecommenderClusterRole).Select(Show).ToList();
        var missing = RecommenderClusterRole.Except(granted).Select(Show).ToList();
        Assert.True(extra.Count == 0 && missing.Count == 0,
            $"deploy/base/recommender/rbac.yaml: extra [{string.Join(", ", extra)}], missing [{string.Join(", ", missing)}]");
    }

    [Fact]
    public void CheckpointRole_IsNamespacedToWorkloadCheckpointsListCreateUpdateDelete()
    {
        var role = RenderedDeploy.Single("Role", "ktruth-recommender-checkpoints");
        Assert.Equal(RenderedDeploy.Namespace, role.Namespace);
        Assert.Equal(Grant("ktruth.io", ["workloadcheckpoints"], "list", "create", "update", "delete").ToHashSet(), Triples(role));
    }

    [Fact]
    public void LeaderElectionRole_IsNamespacedToLeasesGetCreateUpdate()
    {
        var role = RenderedDeploy.Single("Role", "ktruth-recommender-leader-election");
        Assert.Equal(RenderedDeploy.Namespace, role.Namespace);
        Assert.Equal(Grant("coordination.k8s.io", ["leases"], "get", "create", "update").ToHashSet(), Triples(role));
    }

    [Fact]
    public void SensorClusterRole_GrantsExactlyPodsListAndWatch()
    {
        var granted = Triples(RenderedDeploy.Single("ClusterRole", "ktruth-sensor"));
        Assert.Equal(SensorClusterRole.Select(Show).Order(), granted.Select(Show).Order());
    }

    [Fact]
    public void SensorAccount_IsBoundToItsRoleAndTheReviews_Only()
    {
        var bound = Bindings.Where(b => BindsAccount(b, RenderedDeploy.Namespace, SensorAccount))
            .Select(b => $"{b.Kind} -> {b.Scalar("roleRef", "kind")} {b.Scalar("roleRef", "name")}")
            .Order().ToList();
        Assert.Equal(
            [
                "ClusterRoleBinding -> ClusterRole ktruth-sensor",
                // tokenreviews and subjectaccessreviews create: who calls the sensor's API, and may they.
                "ClusterRoleBinding -> ClusterRole system:auth-delegator",
            ],
            bound);
    }

    [Fact]
    public void SnapshotReader_GrantsGetOnTheSnapshotPathToTheRecommenderOnly()
    {
        var role = RenderedDeploy.Single("ClusterRole", "ktruth-sensor-snapshot-reader");
        var rule = Assert.Single(Tree.Maps(role.Root.GetValueOrDefault("rules")));
        Assert.Equal(["/v1/snapshot"], Tree.Strings(rule.GetValueOrDefault("nonResourceURLs")));
        Assert.Equal(["get"], Tree.Strings(rule.GetValueOrDefault("verbs")));
        var binding = Assert.Single(Bindings, b => b.Scalar("roleRef", "name") == role.Name);
        var subject = Assert.Single(Tree.Maps(binding.Root.GetValueOrDefault("subjects")));
        Assert.Equal((RecommenderAccount, RenderedDeploy.Namespace), ((string?)subject["name"], (string?)subject["namespace"]));
    }

    [Fact]
    public void RecommenderAccount_IsBoundToExactlyItsRoles()
    {
        var bound = Bindings.Where(b => BindsAccount(b, RenderedDeploy.Namespace, RecommenderAccount))
            .Select(b => $"{b.Kind} -> {b.Scalar("roleRef", "kind")} {b.Scalar("roleRef", "name")}" + (b.Kind == "RoleBinding" ? $" in {b.Namespace}" : ""))
            .Order().ToList();
        Assert.Equal(
            [
                "ClusterRoleBinding -> ClusterRole ktruth-recommender",
                // get /v1/snapshot on the sensors (their --auth kubernetes asks a SubjectAccessReview).
                "ClusterRoleBinding -> ClusterRole ktruth-sensor-snapshot-reader",
                // tokenreviews and subjectaccessreviews create, for the adapter's delegated auth.
                "ClusterRoleBinding -> ClusterRole system:auth-delegator",
                // reads kube-system/extension-apiserver-authentication (front-proxy CA, allowed names).
                "RoleBinding -> Role extension-apiserver-authentication-reader in kube-system",
                // WorkloadCheckpoints in our namespace: list, create, update, delete.
                "RoleBinding -> Role ktruth-recommender-checkpoints in kernel-truth",
                "RoleBinding -> Role ktruth-recommender-leader-election in kernel-truth",
            ],
            bound);
    }

    [Fact]
    public void Bindings_ReferToRolesAndAccountsThatExist()
    {
        var problems = new List<string>();
        foreach (var b in Bindings)
        {
            var kind = b.Scalar("roleRef", "kind")!;
            var name = b.Scalar("roleRef", "name")!;
            var roleNamespace = kind == "Role" ? b.Namespace : null;
            var rendered = Roles.Any(r => r.Kind == kind && r.Name == name && r.Namespace == roleNamespace);
            if (!rendered && !BuiltInRoles.Contains((kind, roleNamespace, name)))
            {
                problems.Add($"{b.Id}: roleRef {kind} {name} is neither rendered nor a known built-in");
            }

            foreach (var s in Tree.Maps(b.Root.GetValueOrDefault("subjects")))
            {
                if (Equals(s.GetValueOrDefault("kind"), "ServiceAccount") && Equals(s.GetValueOrDefault("namespace"), RenderedDeploy.Namespace)
                    && !RenderedDeploy.OfKind("ServiceAccount").Any(sa => sa.Name == (string?)s.GetValueOrDefault("name")))
                {
                    problems.Add($"{b.Id}: subject ServiceAccount {s.GetValueOrDefault("name")} is not rendered");
                }
            }
        }

        Assert.Empty(problems);
    }

    [Fact]
    public void HpaController_MayReadOurMetrics()
    {
        var binding = Bindings.Single(b => b.Scalar("roleRef", "name") == "ktruth-metrics-reader");
        Assert.True(BindsAccount(binding, "kube-system", "horizontal-pod-autoscaler"));
        var granted = Triples(RenderedDeploy.Single("ClusterRole", "ktruth-metrics-reader"));
        foreach (var group in MetricsGroups)
        {
            Assert.Contains((group, "*", "get"), granted);
        }

        Assert.All(granted, t => Assert.Contains(t.Verb, new[] { "get", "list", "watch" }));
    }

    private static bool BindsAccount(KubeObject binding, string ns, string name) =>
        Tree.Maps(binding.Root.GetValueOrDefault("subjects")).Any(s =>
            Equals(s.GetValueOrDefault("kind"), "ServiceAccount") && Equals(s.GetValueOrDefault("namespace"), ns) && Equals(s.GetValueOrDefault("name"), name));

    private static HashSet<(string Group, string Resource, string Verb)> Triples(KubeObject role) =>
        Tree.Maps(role.Root.GetValueOrDefault("rules"))
            .SelectMany(rule =>
                from g in Tree.Strings(rule.GetValueOrDefault("apiGroups"))
                from r in Tree.Strings(rule.GetValueOrDefault("resources"))
                from v in Tree.Strings(rule.GetValueOrDefault("verbs"))
                select (g, r, v))
            .ToHashSet();

    private static IEnumerable<(string, string, string)> Grant(string apiGroup, string[] resources, params string[] verbs) =>
        from r in resources from v in verbs select (apiGroup, r, v);

    private static string Show((string Group, string Resource, string Verb) t) =>
        $"{(t.Group.Length == 0 ? "core" : t.Group)}/{t.Resource}:{t.Verb}";
}
