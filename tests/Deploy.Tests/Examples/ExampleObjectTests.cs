using KernelTruth.Deploy.Tests.Rendering;

namespace KernelTruth.Deploy.Tests.Examples;

/// <summary>deploy/examples: the VPA and HPA objects a user copies to point their autoscalers at us.</summary>
public sealed class ExampleObjectTests
{
    private static IReadOnlyList<KubeObject> Load(string file)
    {
        var path = RepositoryRoot.Combine("deploy", "examples", file);
        return YamlTree.ParseDocuments(File.ReadAllText(path), path).Select(d => new KubeObject(d)).ToList();
    }

    [Fact]
    public void Vpas_NameKernelTruthAsTheirOnlyRecommender_AndNeverEvict()
    {
        var vpas = Load("vpa.yaml");
        Assert.NotEmpty(vpas);
        var modes = new HashSet<string>();
        foreach (var vpa in vpas)
        {
            Assert.Equal("autoscaling.k8s.io/v1", vpa.ApiVersion);
            Assert.Equal("VerticalPodAutoscaler", vpa.Kind);
            Assert.False(string.IsNullOrEmpty(vpa.Namespace), $"{vpa.Id} has no namespace");
            // The VPA API allows an empty list or exactly one recommender.
            var recommender = Assert.Single(Tree.Maps(vpa.Root.GetValueOrDefault("spec") is Dictionary<string, object?> s ? s.GetValueOrDefault("recommenders") : null));
            Assert.Equal("kernel-truth", recommender.GetValueOrDefault("name"));
            Assert.NotNull(vpa.Scalar("spec", "targetRef", "name"));
            var mode = vpa.Scalar("spec", "updatePolicy", "updateMode")!;
            Assert.Contains(mode, new[] { "Off", "Initial" });
            modes.Add(mode);
        }

        Assert.Equal(["Initial", "Off"], modes.Order());
    }

    [Fact]
    public void Vpa_ResourcePolicy_UsesOnlyFieldsTheVpaCrdDefines()
    {
        // Field names of containerPolicies in autoscaling.k8s.io/v1 (vpa-v1-crd-gen.yaml, VPA 1.7.1).
        string[] known = ["containerName", "mode", "minAllowed", "maxAllowed", "controlledResources", "controlledValues"];
        foreach (var vpa in Load("vpa.yaml"))
        {
            foreach (var policy in Tree.Maps(Tree.At(vpa.Root, "spec", "resourcePolicy", "containerPolicies")))
            {
                Assert.All(policy.Keys, k => Assert.Contains(k, known));
                if (policy.GetValueOrDefault("controlledValues") is string values)
                {
                    Assert.Contains(values, new[] { "RequestsAndLimits", "RequestsOnly" });
                }
            }
        }
    }

    [Fact]
    public void Hpa_ScalesOnThrottlingAndDemandAsPodsMetricsInMilliUnits()
    {
        var hpa = Assert.Single(Load("hpa.yaml"));
        Assert.Equal("autoscaling/v2", hpa.ApiVersion);
        Assert.Equal("HorizontalPodAutoscaler", hpa.Kind);
        Assert.NotNull(hpa.Scalar("spec", "scaleTargetRef", "name"));
        Assert.True(int.Parse(hpa.Scalar("spec", "maxReplicas")!, System.Globalization.CultureInfo.InvariantCulture)
                    > int.Parse(hpa.Scalar("spec", "minReplicas")!, System.Globalization.CultureInfo.InvariantCulture));
        var metrics = Tree.Maps(Tree.At(hpa.Root, "spec", "metrics")).ToList();
        var byName = metrics.ToDictionary(m => (string)Tree.At(m, "pods", "metric", "name")!, m => m);
        Assert.Equal(["cpu_demand_utilization", "cpu_throttled_periods_ratio"], byName.Keys.Order());
        foreach (var metric in metrics)
        {
            Assert.Equal("Pods", metric.GetValueOrDefault("type"));
            // Pods metrics allow only AverageValue targets.
            Assert.Equal("AverageValue", Tree.At(metric, "pods", "target", "type"));
            var value = (string)Tree.At(metric, "pods", "target", "averageValue")!;
            Assert.Matches("^[0-9]+m$", value);
        }

        // A ratio target above 1 (1000m) could never be reached: throttled ratio is at most 1.
        var throttled = (string)Tree.At(byName["cpu_throttled_periods_ratio"], "pods", "target", "averageValue")!;
        Assert.InRange(int.Parse(throttled[..^1], System.Globalization.CultureInfo.InvariantCulture), 1, 999);
    }
}
