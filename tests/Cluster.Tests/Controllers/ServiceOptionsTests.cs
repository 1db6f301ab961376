using KernelTruth.Service;

namespace KernelTruth.Cluster.Tests.Controllers;

public sealed class ServiceOptionsTests
{
    [Fact]
    public void Parse_EnvironmentAndDefaults_Options()
    {
        var env = new Dictionary<string, string> { ["POD_NAMESPACE"] = "kernel-truth", ["POD_NAME"] = "ktruth-recommender-abc" };
        var (options, errors) = ServiceOptions.Parse([], k => env.GetValueOrDefault(k));

        Assert.Empty(errors);
        Assert.Equal("kernel-truth", options!.Cluster.Namespace);
        Assert.Equal("ktruth-recommender-abc", options.Identity);
        Assert.Equal("kernel-truth", options.Cluster.Vpa.RecommenderName);
        Assert.Equal(TimeSpan.FromSeconds(10), options.Interval);
    }

    [Fact]
    public void Parse_EverythingWrong_EveryProblemNamedAtOnce()
    {
        var (options, errors) = ServiceOptions.Parse(["--interval", "soon", "--sensor-port", "http", "--listen", "nowhere", "--recommender-name", "", "--bogus", "1"], _ => null);

        Assert.Null(options);
        Assert.Contains(errors, e => e.Contains("--interval", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("--sensor-port", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("--listen", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("namespace", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("identity", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("recommender name", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("--bogus", StringComparison.Ordinal));
    }
}
