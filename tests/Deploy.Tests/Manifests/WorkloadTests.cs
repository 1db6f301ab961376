using KernelTruth.Deploy.Tests.Rendering;

namespace KernelTruth.Deploy.Tests.Manifests;

/// <summary>Every workload: selectors, images, resources, probes, volumes, service accounts.</summary>
public sealed class WorkloadTests
{
    public static TheoryData<string> WorkloadIds() => [.. RenderedDeploy.Workloads.Select(w => w.Id)];

    private static KubeObject Workload(string id) => RenderedDeploy.Workloads.Single(w => w.Id == id);

    [Fact]
    public void Render_HasBothWorkloads()
    {
        Assert.Equal(["DaemonSet kernel-truth/ktruth-sensor", "Deployment kernel-truth/ktruth-recommender"],
            RenderedDeploy.Workloads.Select(w => w.Id).Order());
    }

    [Theory]
    [MemberData(nameof(WorkloadIds))]
    public void Workload_Selector_MatchesTemplateLabels(string id)
    {
        var w = Workload(id);
        // matchExpressions would need an evaluator; we write matchLabels only, so insist on it.
        Assert.Null(w.Map("spec", "selector", "matchExpressions"));
        var selector = Tree.StringMap(w.Map("spec", "selector", "matchLabels"));
        Assert.True(Tree.Selects(selector, w.TemplateLabels),
            $"{id}: selector {Show(selector)} does not select its template labels {Show(w.TemplateLabels)}");
    }

    [Theory]
    [MemberData(nameof(WorkloadIds))]
    public void Workload_Containers_HavePinnedImagesResourcesAndProbes(string id)
    {
        var w = Workload(id);
        var problems = new List<string>();
        Assert.NotEmpty(w.Containers);
        foreach (var c in w.Containers)
        {
            var name = c.GetValueOrDefault("name") as string ?? "(unnamed)";
            var image = c.GetValueOrDefault("image") as string ?? "";
            if (!IsPinned(image))
            {
                problems.Add($"{name}: image '{image}' has no version tag (or uses latest)");
            }

            foreach (var (section, resource) in new[] { ("requests", "cpu"), ("requests", "memory"), ("limits", "memory") })
            {
                if (Tree.At(c, "resources", section, resource) is not string)
                {
                    problems.Add($"{name}: resources.{section}.{resource} missing");
                }
            }

            var ports = Tree.Maps(c.GetValueOrDefault("ports")).ToList();
            foreach (var probe in new[] { "readinessProbe", "livenessProbe" })
            {
                var port = Tree.At(c, probe, "httpGet", "port") as string;
                if (port is null)
                {
                    problems.Add($"{name}: {probe}.httpGet.port missing");
                }
                else if (!ports.Any(p => Equals(p.GetValueOrDefault("name"), port) || Equals(p.GetValueOrDefault("containerPort"), port)))
                {
                    problems.Add($"{name}: {probe} targets port '{port}', which the container does not declare");
                }
            }
        }

        Assert.True(problems.Count == 0, $"{id}: {string.Join("; ", problems)}");
    }

    [Theory]
    [MemberData(nameof(WorkloadIds))]
    public void Workload_VolumeMounts_ReferToDeclaredVolumes(string id)
    {
        var w = Workload(id);
        var volumes = Tree.Maps(w.PodSpec.GetValueOrDefault("volumes")).Select(v => v.GetValueOrDefault("name") as string).ToHashSet();
        var dangling = w.Containers
            .SelectMany(c => Tree.Maps(c.GetValueOrDefault("volumeMounts")))
            .Select(m => m.GetValueOrDefault("name") as string)
            .Where(n => !volumes.Contains(n)).ToList();
        Assert.True(dangling.Count == 0, $"{id}: volumeMounts without a volume: {string.Join(", ", dangling)}");
    }

    [Theory]
    [MemberData(nameof(WorkloadIds))]
    public void Workload_ServiceAccount_IsRenderedInItsNamespace(string id)
    {
        var w = Workload(id);
        var account = w.PodSpec.GetValueOrDefault("serviceAccountName") as string;
        Assert.False(account is null, $"{id}: no serviceAccountName (the namespace's default account would be used)");
        Assert.Contains(RenderedDeploy.OfKind("ServiceAccount"), sa => sa.Name == account && sa.Namespace == w.Namespace);
    }

    [Theory]
    [MemberData(nameof(WorkloadIds))]
    public void Workload_Containers_CannotEscalateAndHaveReadOnlyRoot(string id)
    {
        foreach (var c in Workload(id).Containers)
        {
            Assert.Equal("false", Tree.At(c, "securityContext", "allowPrivilegeEscalation"));
            Assert.Equal("true", Tree.At(c, "securityContext", "readOnlyRootFilesystem"));
            Assert.Equal("false", Tree.At(c, "securityContext", "privileged") ?? "false");
            Assert.Contains("ALL", Tree.Strings(Tree.At(c, "securityContext", "capabilities", "drop")));
        }
    }

    [Fact]
    public void Recommender_RunsTwoNonRootReplicasWithItsNamespace()
    {
        var d = RenderedDeploy.Recommender;
        Assert.Equal("2", d.Scalar("spec", "replicas"));
        Assert.Equal("0", d.Scalar("spec", "strategy", "rollingUpdate", "maxUnavailable"));
        Assert.Equal("true", d.Scalar("spec", "template", "spec", "securityContext", "runAsNonRoot"));
        Assert.NotEqual("0", d.Scalar("spec", "template", "spec", "securityContext", "runAsUser"));
        var container = Assert.Single(d.Containers);
        var env = Tree.Maps(container.GetValueOrDefault("env")).ToList();
        // The recommender takes its namespace (Lease, own objects) from POD_NAMESPACE.
        Assert.Contains(env, e => Equals(e.GetValueOrDefault("name"), "POD_NAMESPACE")
                                  && Equals(Tree.At(e, "valueFrom", "fieldRef", "fieldPath"), "metadata.namespace"));
        var ports = Tree.Maps(container.GetValueOrDefault("ports"))
            .ToDictionary(p => (string)p["name"]!, p => (string)p["containerPort"]!);
        Assert.Equal("8080", ports["http"]);
        Assert.Equal("6443", ports["https"]);
        Assert.Equal("/healthz", Tree.At(container, "livenessProbe", "httpGet", "path"));
        Assert.Equal("/readyz", Tree.At(container, "readinessProbe", "httpGet", "path"));
    }

    [Fact]
    public void Recommender_MeetsTheRestrictedPodSecurityLevel()
    {
        // The checks of Pod Security "restricted" that a manifest decides (kubernetes.io/docs/concepts/security/pod-security-standards).
        var pod = RenderedDeploy.Recommender.PodSpec;
        foreach (var hostField in new[] { "hostPID", "hostIPC", "hostNetwork" })
        {
            Assert.NotEqual("true", pod.GetValueOrDefault(hostField) as string);
        }

        Assert.DoesNotContain(Tree.Maps(pod.GetValueOrDefault("volumes")), v => v.ContainsKey("hostPath"));
        Assert.Equal("RuntimeDefault", Tree.At(pod, "securityContext", "seccompProfile", "type"));
        foreach (var c in RenderedDeploy.Recommender.Containers)
        {
            Assert.Equal(["ALL"], Tree.Strings(Tree.At(c, "securityContext", "capabilities", "drop")));
            Assert.Empty(Tree.Strings(Tree.At(c, "securityContext", "capabilities", "add")));
            Assert.DoesNotContain(Tree.Maps(c.GetValueOrDefault("ports")), p => p.ContainsKey("hostPort"));
        }
    }

    [Fact]
    public void Recommender_SensorToken_IsAProjectedTokenForTheSensorsAudience_WhereItIsRead()
    {
        // The sensor asks TokenReview for its own audience first; the recommender reads the token at
        // --sensor-token-file's default path. A token for another audience, or elsewhere, is never sent.
        var pod = RenderedDeploy.Recommender.PodSpec;
        var volume = Tree.Maps(pod.GetValueOrDefault("volumes")).Single(v => Equals(v.GetValueOrDefault("name"), "sensor-token"));
        var source = Assert.Single(Tree.Maps(Tree.At(volume, "projected", "sources")));
        Assert.Equal(KernelTruth.NodeSensor.Hosting.SensorDefaults.TokenAudience, Tree.At(source, "serviceAccountToken", "audience"));
        string file = (string)Tree.At(source, "serviceAccountToken", "path")!;
        var mount = Tree.Maps(RenderedDeploy.Recommender.Containers.Single().GetValueOrDefault("volumeMounts")).Single(m => Equals(m.GetValueOrDefault("name"), "sensor-token"));
        Assert.Equal(KernelTruth.Service.ServiceOptions.DefaultSensorTokenFile, $"{mount["mountPath"]}/{file}");
        Assert.Equal("true", mount.GetValueOrDefault("readOnly"));
    }

    [Fact]
    public void Recommender_ReplicasPreferDifferentNodes()
    {
        var d = RenderedDeploy.Recommender;
        var term = Assert.Single(Tree.Maps(Tree.At(d.PodSpec, "affinity", "podAntiAffinity", "preferredDuringSchedulingIgnoredDuringExecution")));
        Assert.Equal("kubernetes.io/hostname", Tree.At(term, "podAffinityTerm", "topologyKey"));
        Assert.True(Tree.Selects(Tree.StringMap(Tree.At(term, "podAffinityTerm", "labelSelector", "matchLabels")), d.TemplateLabels),
            "the anti-affinity term must select the recommender's own pods");
    }

    [Fact]
    public void DisruptionBudget_KeepsOneRecommenderAndSelectsIt()
    {
        var pdb = RenderedDeploy.Single("PodDisruptionBudget", "ktruth-recommender");
        Assert.Equal(RenderedDeploy.Namespace, pdb.Namespace);
        Assert.Equal("1", pdb.Scalar("spec", "minAvailable"));
        var selector = Tree.StringMap(pdb.Map("spec", "selector", "matchLabels"));
        Assert.True(Tree.Selects(selector, RenderedDeploy.Recommender.TemplateLabels), $"PDB selector {Show(selector)} misses the recommender pods");
        Assert.False(Tree.Selects(selector, RenderedDeploy.Sensor.TemplateLabels), "PDB selector also selects sensor pods");
    }

    /// <summary>A tag that names a version: not absent, not "latest"; a digest counts as pinned.</summary>
    internal static bool IsPinned(string image)
    {
        if (image.Contains("@sha256:", StringComparison.Ordinal))
        {
            return true;
        }

        var lastSlash = image.LastIndexOf('/');
        var colon = image.IndexOf(':', lastSlash + 1);
        return colon > 0 && image[(colon + 1)..] is { Length: > 0 } tag && tag != "latest";
    }

    private static string Show(IReadOnlyDictionary<string, string> labels) =>
        "{" + string.Join(", ", labels.Select(kv => $"{kv.Key}={kv.Value}")) + "}";
}
