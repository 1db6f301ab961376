using KernelTruth.Deploy.Tests.Rendering;

namespace KernelTruth.Deploy.Tests.Manifests;

/// <summary>What the API server requires of every object, and where each one lands.</summary>
public sealed class ObjectMetadataTests
{
    // Kinds without a namespace. A kind missing from both sets fails the test below, so a new kind
    // is classified on purpose rather than by accident.
    private static readonly HashSet<string> ClusterScoped =
        ["Namespace", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition", "APIService"];

    private static readonly HashSet<string> Namespaced =
        ["ServiceAccount", "Role", "RoleBinding", "Service", "Deployment", "DaemonSet", "PodDisruptionBudget", "NetworkPolicy"];

    [Fact]
    public void Render_EveryObject_HasApiVersionKindAndName()
    {
        Assert.NotEmpty(RenderedDeploy.Objects);
        var incomplete = RenderedDeploy.Objects
            .Where(o => string.IsNullOrEmpty(o.ApiVersion) || string.IsNullOrEmpty(o.Kind) || string.IsNullOrEmpty(o.Name))
            .Select(o => o.Id);
        Assert.Empty(incomplete);
    }

    [Fact]
    public void Render_NamespacedKinds_HaveNamespace_ClusterScopedKindsHaveNone()
    {
        var wrong = new List<string>();
        foreach (var o in RenderedDeploy.Objects)
        {
            if (Namespaced.Contains(o.Kind!) && string.IsNullOrEmpty(o.Namespace))
            {
                wrong.Add($"{o.Id}: namespaced kind without metadata.namespace");
            }
            else if (ClusterScoped.Contains(o.Kind!) && o.Namespace is not null)
            {
                wrong.Add($"{o.Id}: cluster-scoped kind with metadata.namespace");
            }
            else if (!Namespaced.Contains(o.Kind!) && !ClusterScoped.Contains(o.Kind!))
            {
                wrong.Add($"{o.Id}: kind not classified as namespaced or cluster-scoped in this test");
            }
        }

        Assert.Empty(wrong);
    }

    [Fact]
    public void Render_Namespaces_AreOursExceptTheAuthReaderBinding()
    {
        // Everything lives in kernel-truth, which the render creates; the one exception is the
        // RoleBinding that must sit beside the ConfigMap it grants (kube-system).
        Assert.Contains(RenderedDeploy.OfKind("Namespace"), n => n.Name == RenderedDeploy.Namespace);
        var elsewhere = RenderedDeploy.Objects
            .Where(o => o.Namespace is not null && o.Namespace != RenderedDeploy.Namespace)
            .Select(o => o.Id).ToList();
        Assert.Equal(["RoleBinding kube-system/ktruth-recommender:extension-apiserver-authentication-reader"], elsewhere);
    }

    [Fact]
    public void Render_NoTwoObjects_ShareKindNamespaceAndName()
    {
        var duplicates = RenderedDeploy.Objects.GroupBy(o => o.Id).Where(g => g.Count() > 1).Select(g => g.Key);
        Assert.Empty(duplicates);
    }

    [Fact]
    public void Render_Names_AreValidDns1123()
    {
        // RBAC objects and APIServices may contain ':' and '.', workloads and Services not.
        var strict = new System.Text.RegularExpressions.Regex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");
        var rbac = new System.Text.RegularExpressions.Regex("^[a-z0-9]([-a-z0-9:.]*[a-z0-9])?$");
        var bad = RenderedDeploy.Objects.Where(o =>
            o.Kind is "Role" or "RoleBinding" or "ClusterRole" or "ClusterRoleBinding" or "APIService" or "CustomResourceDefinition"
                ? !rbac.IsMatch(o.Name!)
                : !strict.IsMatch(o.Name!) || o.Name!.Length > 63).Select(o => o.Id);
        Assert.Empty(bad);
    }

    [Fact]
    public void Render_ContainsTheInstall()
    {
        foreach (var (kind, name) in new[]
                 {
                     ("Namespace", "kernel-truth"), ("CustomResourceDefinition", "workloadprofiles.ktruth.io"),
                     ("DaemonSet", "ktruth-sensor"), ("Deployment", "ktruth-recommender"),
                     ("PodDisruptionBudget", "ktruth-recommender"), ("Service", "ktruth-adapter"),
                     ("Service", "ktruth-recommender"), ("ServiceAccount", "ktruth-sensor"),
                     ("ServiceAccount", "ktruth-recommender"), ("ClusterRole", "ktruth-recommender"),
                     ("ClusterRole", "ktruth-sensor"), ("NetworkPolicy", "ktruth-sensor"),
                 })
        {
            RenderedDeploy.Single(kind, name);
        }
    }

    [Fact]
    public void Render_LeavesOutTheExamples()
    {
        // Examples target a user's workloads; installing them would act on a namespace we do not own.
        Assert.DoesNotContain(RenderedDeploy.Objects, o => o.Kind is "VerticalPodAutoscaler" or "HorizontalPodAutoscaler");
    }
}
