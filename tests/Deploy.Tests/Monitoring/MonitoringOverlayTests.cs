using System.Text.Json.Nodes;
using KernelTruth.Deploy.Tests.Rendering;

namespace KernelTruth.Deploy.Tests.Monitoring;

/// <summary>
/// deploy/overlays/monitoring: the install plus Prometheus-operator's objects, each pointing at what exists — the
/// PodMonitor at the sensor pods and their port with a token that may read /metrics, the ServiceMonitor at the
/// recommender's Service and port, the dashboard ConfigMap where Grafana's sidecar finds it.
/// </summary>
public sealed class MonitoringOverlayTests
{
    private static KubeObject SensorPods => RenderedMonitoring.Single("DaemonSet", "ktruth-sensor");

    [Fact]
    public void Overlay_TheInstallPlusTheMonitoringObjects()
    {
        var added = RenderedMonitoring.Objects.Select(o => o.Id).Except(RenderedDeploy.Objects.Select(o => o.Id)).Order(StringComparer.Ordinal);

        Assert.Equal(
            [
                "ClusterRole ktruth-sensor-metrics-reader",
                "ClusterRoleBinding ktruth-sensor-metrics-reader",
                "ConfigMap kernel-truth/ktruth-grafana-dashboard",
                "PodMonitor kernel-truth/ktruth-sensor",
                "PrometheusRule kernel-truth/kernel-truth",
                "Secret kernel-truth/ktruth-metrics-scraper-token",
                "Service kernel-truth/ktruth-sensor",
                "ServiceAccount kernel-truth/ktruth-metrics-scraper",
                "ServiceMonitor kernel-truth/ktruth-recommender",
            ],
            added);
        Assert.Empty(RenderedDeploy.Objects.Select(o => o.Id).Except(RenderedMonitoring.Objects.Select(o => o.Id)));
        Assert.All(RenderedMonitoring.Objects, o => Assert.Equal("kernel-truth", o.Scalar("metadata", "labels", "app.kubernetes.io/part-of")));
    }

    [Fact]
    public void PodMonitor_SelectsTheSensorPods_OnTheirDeclaredPort_KeepingTheirNames()
    {
        var monitor = RenderedMonitoring.Single("PodMonitor", "ktruth-sensor");
        Assert.True(Tree.Selects(Tree.StringMap(monitor.Map("spec", "selector", "matchLabels")), SensorPods.TemplateLabels), "the PodMonitor selects no sensor pod");
        Assert.Equal([SensorPods.Namespace], Tree.Strings(monitor.Map("spec", "namespaceSelector")!.GetValueOrDefault("matchNames")));
        var endpoint = Assert.Single(Tree.Maps(monitor.Map("spec")!.GetValueOrDefault("podMetricsEndpoints")));
        Assert.Contains(Tree.Maps(Assert.Single(SensorPods.Containers).GetValueOrDefault("ports")), p => Equals(p.GetValueOrDefault("name"), endpoint["port"]));
        Assert.Equal("/metrics", endpoint["path"]);

        // The sensor's namespace/pod/container win over the target's, which are dropped; job and node are set.
        Assert.Equal("true", endpoint["honorLabels"]);
        var relabelings = Tree.Maps(endpoint.GetValueOrDefault("relabelings")).ToList();
        Assert.Contains(relabelings, r => Equals(r.GetValueOrDefault("action"), "labeldrop") && Equals(r.GetValueOrDefault("regex"), "(namespace|pod|container)"));
        Assert.Contains(relabelings, r => Equals(r.GetValueOrDefault("targetLabel"), "job") && Equals(r.GetValueOrDefault("replacement"), "ktruth-sensor"));
        Assert.Contains(relabelings, r => Equals(r.GetValueOrDefault("targetLabel"), "node") && Tree.Strings(r.GetValueOrDefault("sourceLabels")).SequenceEqual(["__meta_kubernetes_pod_node_name"]));
    }

    [Fact]
    public void PodMonitor_BearerToken_IsOfAnAccountThatMayGetMetrics()
    {
        var endpoint = Tree.Maps(RenderedMonitoring.Single("PodMonitor", "ktruth-sensor").Map("spec")!.GetValueOrDefault("podMetricsEndpoints")).Single();
        Assert.Equal("Bearer", Tree.At(endpoint, "authorization", "type"));
        string secretName = (string)Tree.At(endpoint, "authorization", "credentials", "name")!;
        Assert.Equal("token", Tree.At(endpoint, "authorization", "credentials", "key")); // what the token controller writes

        var secret = RenderedMonitoring.Single("Secret", secretName);
        Assert.Equal("kubernetes.io/service-account-token", secret.Scalar("type"));
        string account = secret.Scalar("metadata", "annotations", "kubernetes.io/service-account.name")!;
        RenderedMonitoring.Single("ServiceAccount", account);

        var binding = RenderedMonitoring.Objects.Single(o => o.Kind == "ClusterRoleBinding"
            && Tree.Maps(o.Root.GetValueOrDefault("subjects")).Any(s => Equals(s.GetValueOrDefault("name"), account) && Equals(s.GetValueOrDefault("namespace"), secret.Namespace)));
        var role = RenderedMonitoring.Single("ClusterRole", binding.Scalar("roleRef", "name")!);
        var rule = Assert.Single(Tree.Maps(role.Root.GetValueOrDefault("rules")));
        Assert.Equal(["/metrics"], Tree.Strings(rule.GetValueOrDefault("nonResourceURLs")));
        Assert.Equal(["get"], Tree.Strings(rule.GetValueOrDefault("verbs")));
    }

    [Fact]
    public void NetworkPolicy_AdmitsTheNamespaceOfTheMonitoringStack()
    {
        // The scrapes come from Prometheus' namespace: kube-prometheus' "monitoring" is the one admitted.
        var policy = RenderedMonitoring.Single("NetworkPolicy", "ktruth-sensor");
        var peers = Tree.Maps(Tree.Maps(policy.Map("spec")!.GetValueOrDefault("ingress")).Single().GetValueOrDefault("from"));
        Assert.Contains(peers, p => Equals(Tree.At(p, "namespaceSelector", "matchLabels", "kubernetes.io/metadata.name"), "monitoring"));
    }

    [Fact]
    public void ServiceMonitor_SelectsTheRecommendersMetricsServiceOnly_OnAPortItHas()
    {
        var monitor = RenderedMonitoring.Single("ServiceMonitor", "ktruth-recommender");
        var selector = Tree.StringMap(monitor.Map("spec", "selector", "matchLabels"));
        var services = RenderedMonitoring.Objects.Where(o => o.Kind == "Service" && o.Namespace == "kernel-truth" && Tree.Selects(selector, Tree.StringMap(o.Map("metadata", "labels")))).ToList();
        var service = Assert.Single(services);
        Assert.Equal("ktruth-recommender", service.Name);
        var endpoint = Assert.Single(Tree.Maps(monitor.Map("spec")!.GetValueOrDefault("endpoints")));
        Assert.Contains(Tree.Maps(service.Map("spec")!.GetValueOrDefault("ports")), p => Equals(p.GetValueOrDefault("name"), endpoint["port"]));
        Assert.Equal("true", endpoint["honorLabels"]);
    }

    [Fact]
    public void SensorService_SelectsTheSensorPods_OnTheirPort()
    {
        var service = RenderedMonitoring.Single("Service", "ktruth-sensor");
        Assert.True(Tree.Selects(Tree.StringMap(service.Map("spec", "selector")), SensorPods.TemplateLabels));
        var port = Assert.Single(Tree.Maps(service.Map("spec")!.GetValueOrDefault("ports")));
        Assert.Contains(Tree.Maps(Assert.Single(SensorPods.Containers).GetValueOrDefault("ports")), p => Equals(p.GetValueOrDefault("name"), port["targetPort"]));
        Assert.Equal("None", service.Scalar("spec", "clusterIP"));
    }

    [Fact]
    public void Dashboard_ConfigMapForGrafanasSidecar_HoldsTheDashboardJson()
    {
        var map = RenderedMonitoring.Single("ConfigMap", "ktruth-grafana-dashboard");
        Assert.Equal("1", map.Scalar("metadata", "labels", "grafana_dashboard"));
        string json = Assert.Single(Tree.StringMap(map.Map("data")).Values);

        var dashboard = JsonNode.Parse(json)!.AsObject();
        Assert.Equal("kernel-truth-workloads", dashboard["uid"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(dashboard, JsonNode.Parse(RenderedMonitoring.ComponentFile("dashboard.json"))));
        Assert.Contains(Dashboard.Targets(dashboard), t => t.Expr.Contains("ktruth_workload_cpu_request_recommended_cores", StringComparison.Ordinal));
    }
}
