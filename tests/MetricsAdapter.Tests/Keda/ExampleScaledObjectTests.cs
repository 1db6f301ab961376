using KernelTruth.MetricsAdapter.Keda;
using KernelTruth.MetricsAdapter.Metrics;
using YamlDotNet.RepresentationModel;

namespace KernelTruth.MetricsAdapter.Tests.Keda;

/// <summary>deploy/examples/keda-scaledobject.yaml asks the scaler for things it answers, with the metric type that fits each metric.</summary>
public sealed class ExampleScaledObjectTests
{
    [Fact]
    public void Triggers_MetadataParsesAndMetricTypeFitsTheMetric()
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(RepositoryRoot(), "deploy", "examples", "keda-scaledobject.yaml")))
        {
            yaml.Load(reader);
        }

        var root = (YamlMappingNode)yaml.Documents.Single().RootNode;
        string ns = ((YamlScalarNode)((YamlMappingNode)root["metadata"])["namespace"]).Value!;
        var triggers = ((YamlSequenceNode)((YamlMappingNode)root["spec"])["triggers"]).Cast<YamlMappingNode>().ToList();
        Assert.NotEmpty(triggers);
        foreach (var trigger in triggers)
        {
            var metadata = ((YamlMappingNode)trigger["metadata"]).ToDictionary(kv => ((YamlScalarNode)kv.Key).Value!, kv => ((YamlScalarNode)kv.Value).Value!);
            var query = ScalerQuery.Parse(ns, metadata);

            // Cores add up over pods (the HPA divides by replicas); a ratio or a p99 is the workload's as a whole.
            string expected = query.Metric == MetricNames.DemandCores ? "AverageValue" : "Value";
            Assert.Equal(expected, ((YamlScalarNode)trigger["metricType"]).Value);
        }
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Recommender.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Recommender.sln not found above " + AppContext.BaseDirectory);
    }
}
