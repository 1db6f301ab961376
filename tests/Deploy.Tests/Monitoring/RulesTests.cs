using KernelTruth.Deploy.Tests.Rendering;

namespace KernelTruth.Deploy.Tests.Monitoring;

/// <summary>
/// Issue 13's rules: they pass `promtool check rules`, their unit tests pass `promtool test rules` (the throttling
/// alert fires on synthetic series, and stays quiet where it should), the rendered PrometheusRule carries them
/// unchanged, and every alert follows kube-prometheus' conventions.
/// </summary>
public sealed class RulesTests
{
    [Fact]
    public void CheckRules_RuleFile_Clean()
    {
        string dir = RuleFile.WriteWithTests();
        try
        {
            var (exit, output) = RuleFile.Promtool(dir, "check", "rules", "kernel-truth.rules.yaml");
            Assert.True(exit == 0, $"promtool check rules (exit {exit}):\n{output}");
            Assert.Contains("SUCCESS", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void TestRules_UnitTests_Pass()
    {
        string dir = RuleFile.WriteWithTests();
        try
        {
            var (exit, output) = RuleFile.Promtool(dir, "test", "rules", "kernel-truth.rules.test.yaml");
            Assert.True(exit == 0, $"promtool test rules (exit {exit}):\n{output}");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void TestRules_ThresholdRaised_ThrottlingTestFails()
    {
        // The unit tests can fail: with the SLO at 20 % instead of 1 %, web's 10 % no longer fires.
        string dir = RuleFile.WriteWithTests();
        try
        {
            string rules = Path.Combine(dir, "kernel-truth.rules.yaml");
            string text = File.ReadAllText(rules);
            Assert.Contains("namespace_workload_container:ktruth_cgroup_cpu_periods:rate5m > 0.01", text, StringComparison.Ordinal);
            File.WriteAllText(rules, text.Replace("ktruth_cgroup_cpu_periods:rate5m > 0.01", "ktruth_cgroup_cpu_periods:rate5m > 0.2", StringComparison.Ordinal));

            var (exit, output) = RuleFile.Promtool(dir, "test", "rules", "kernel-truth.rules.test.yaml");

            Assert.NotEqual(0, exit);
            Assert.Contains("alertname: KernelTruthThrottlingSLOBroken", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void PrometheusRule_Rendered_CarriesTheFilesGroups()
    {
        var rendered = RenderedMonitoring.Single("PrometheusRule", "kernel-truth");
        var file = YamlTree.ParseDocuments(RuleFile.Text(), "spec").Single();

        Assert.Equal(Names(file.GetValueOrDefault("groups")), Names(rendered.Map("spec")!.GetValueOrDefault("groups")));
        Assert.Equal("alert-rules", rendered.Scalar("metadata", "labels", "role"));
    }

    [Fact]
    public void Alerts_FollowKubePrometheusConventions()
    {
        var doc = YamlTree.ParseDocuments(RuleFile.Text(), "spec").Single();
        var alerts = Tree.Maps(doc.GetValueOrDefault("groups")).SelectMany(g => Tree.Maps(g.GetValueOrDefault("rules"))).Where(r => r.ContainsKey("alert")).ToList();
        string[] issue = ["KernelTruthThrottlingSLOBroken", "KernelTruthRecommendationFarFromApplied", "KernelTruthSensorDown", "KernelTruthSensorDegraded", "KernelTruthSensorLosingEvents", "KernelTruthMetricsAdapterErrors"];
        Assert.Subset(alerts.Select(a => (string)a["alert"]!).ToHashSet(), issue.ToHashSet());
        Assert.All(alerts, a =>
        {
            string name = (string)a["alert"]!;
            Assert.Contains((string?)Tree.At(a, "labels", "severity"), new[] { "critical", "warning", "info" });
            Assert.Matches(@"^\d+[mh]$", (string)a["for"]!);
            Assert.False(string.IsNullOrWhiteSpace((string?)Tree.At(a, "annotations", "summary")), $"{name}: no summary");
            Assert.False(string.IsNullOrWhiteSpace((string?)Tree.At(a, "annotations", "description")), $"{name}: no description");
            Assert.EndsWith("/runbooks.md#" + name.ToLowerInvariant(), (string)Tree.At(a, "annotations", "runbook_url")!, StringComparison.Ordinal);
        });

        // Each runbook_url's anchor is a section of the runbook.
        string runbooks = RenderedMonitoring.ComponentFile("runbooks.md");
        Assert.All(alerts, a => Assert.Contains("\n## " + (string)a["alert"]! + "\n", runbooks, StringComparison.Ordinal));
    }

    private static List<string> Names(object? groups) =>
        [.. Tree.Maps(groups).SelectMany(g => Tree.Maps(g.GetValueOrDefault("rules")).Select(r => $"{g["name"]}/{r.GetValueOrDefault("alert") ?? r.GetValueOrDefault("record")}: {r["expr"]}"))];
}
