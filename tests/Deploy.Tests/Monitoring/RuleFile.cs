using KernelTruth.Deploy.Tests.Rendering;

namespace KernelTruth.Deploy.Tests.Monitoring;

/// <summary>
/// The PrometheusRule's spec as the plain rule file Prometheus-operator hands Prometheus: the text under
/// <c>spec:</c>, one indent less, so promtool reads exactly what was written (nothing re-serialized).
/// </summary>
internal static class RuleFile
{
    public static string Text()
    {
        var lines = RenderedMonitoring.ComponentFile("prometheusrule.yaml").Split('\n');
        int spec = Array.IndexOf(lines, "spec:");
        Assert.True(spec >= 0, "prometheusrule.yaml has no top-level 'spec:' line");
        return string.Join('\n', lines[(spec + 1)..].Select(l => l.StartsWith("  ", StringComparison.Ordinal) ? l[2..] : l));
    }

    /// <summary>Writes the rule file (kernel-truth.rules.yaml) and the unit tests beside it into a new directory.</summary>
    public static string WriteWithTests()
    {
        string dir = Directory.CreateTempSubdirectory("ktruth-rules-").FullName;
        File.WriteAllText(Path.Combine(dir, "kernel-truth.rules.yaml"), Text());
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Monitoring", "kernel-truth.rules.test.yaml"), Path.Combine(dir, "kernel-truth.rules.test.yaml"));
        return dir;
    }

    /// <summary>Every rule's expr, with the alert or record it belongs to.</summary>
    public static IEnumerable<(string Rule, string Expr, bool Recorded)> Rules()
    {
        var doc = YamlTree.ParseDocuments(Text(), "prometheusrule.yaml spec").Single();
        return from g in Tree.Maps(doc.GetValueOrDefault("groups"))
               from r in Tree.Maps(g.GetValueOrDefault("rules"))
               select ((string)(r.GetValueOrDefault("alert") ?? r.GetValueOrDefault("record"))!, (string)r["expr"]!, r.ContainsKey("record"));
    }

    /// <summary>promtool with its output; a missing promtool fails, naming the package.</summary>
    public static (int Exit, string Output) Promtool(string directory, params string[] args)
    {
        var (exit, stdout, stderr) = ProcessRunner.Run("promtool", args, "check the alerting rules (apt-get install prometheus; deploy/host/setup.sh does)", TimeSpan.FromMinutes(2), directory);
        return (exit, stdout + stderr);
    }
}
