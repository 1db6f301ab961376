using KernelTruth.Deploy.Tests.Rendering;

namespace KernelTruth.Deploy.Tests.Manifests;

/// <summary>
/// Issue 15: only the recommender and the monitoring namespace may connect to the sensor's port. The policy must
/// select the sensor pods, admit exactly those two peers, and name a port the sensor declares.
/// </summary>
public sealed class NetworkPolicyTests
{
    private static KubeObject Policy => RenderedDeploy.Single("NetworkPolicy", "ktruth-sensor");

    [Fact]
    public void Policy_SelectsTheSensorPodsOnly_ForIngress()
    {
        var selector = Tree.StringMap(Policy.Map("spec", "podSelector", "matchLabels"));
        var selected = RenderedDeploy.Workloads.Where(w => w.Namespace == Policy.Namespace && Tree.Selects(selector, w.TemplateLabels)).Select(w => w.Id);

        Assert.Equal([RenderedDeploy.Sensor.Id], selected);
        Assert.Equal(["Ingress"], Tree.Strings(Policy.Map("spec")!.GetValueOrDefault("policyTypes")));
    }

    [Fact]
    public void Policy_AdmitsTheRecommenderPodsAndTheMonitoringNamespace_Only()
    {
        var rule = Assert.Single(Tree.Maps(Policy.Map("spec")!.GetValueOrDefault("ingress")));
        var peers = Tree.Maps(rule.GetValueOrDefault("from")).ToList();
        Assert.Equal(2, peers.Count);

        // A podSelector alone means pods of the policy's own namespace: the recommender's, and nothing else.
        var pods = Assert.Single(peers, p => p.ContainsKey("podSelector"));
        Assert.False(pods.ContainsKey("namespaceSelector"));
        var podLabels = Tree.StringMap(Tree.At(pods, "podSelector", "matchLabels"));
        Assert.Equal([RenderedDeploy.Recommender.Id], RenderedDeploy.Workloads.Where(w => w.Namespace == Policy.Namespace && Tree.Selects(podLabels, w.TemplateLabels)).Select(w => w.Id));

        var namespaces = Assert.Single(peers, p => p.ContainsKey("namespaceSelector"));
        Assert.False(namespaces.ContainsKey("podSelector"));
        Assert.Equal(new Dictionary<string, string> { ["kubernetes.io/metadata.name"] = "monitoring" }, Tree.StringMap(Tree.At(namespaces, "namespaceSelector", "matchLabels")));
    }

    [Fact]
    public void Policy_Port_IsTheSensorsNamedPort()
    {
        var rule = Assert.Single(Tree.Maps(Policy.Map("spec")!.GetValueOrDefault("ingress")));
        var port = Assert.Single(Tree.Maps(rule.GetValueOrDefault("ports")));
        var declared = Tree.Maps(Assert.Single(RenderedDeploy.Sensor.Containers).GetValueOrDefault("ports"));

        Assert.Contains(declared, p => Equals(p.GetValueOrDefault("name"), port["port"]) && Equals(p.GetValueOrDefault("protocol"), port["protocol"]));
    }
}
