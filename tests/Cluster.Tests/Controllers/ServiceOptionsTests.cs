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

    [Fact]
    public void Parse_DurationWithHours_SameSyntaxAsTheOtherBinaries()
    {
        var (options, errors) = ServiceOptions.Parse(["--namespace", "ns", "--identity", "me", "--interval", "1h", "--sensor-timeout", "1.5s"], _ => null);

        Assert.Empty(errors);
        Assert.Equal(TimeSpan.FromHours(1), options!.Interval);
        Assert.Equal(TimeSpan.FromSeconds(1.5), options.Cluster.SensorTimeout);
    }

    [Fact]
    public void Parse_KedaListen_OffByDefaultAndOnWhenGiven()
    {
        string[] required = ["--namespace", "ns", "--identity", "me"];

        Assert.Null(ServiceOptions.Parse(required, _ => null).Options!.KedaListen);
        Assert.Equal("0.0.0.0:9444", ServiceOptions.Parse([.. required, "--keda-listen", "0.0.0.0:9444"], _ => null).Options!.KedaListen);
    }

    [Theory]
    [InlineData("0.0.0.0:8080", "must differ")] // the health port: HTTP/1.1 there, the scaler needs HTTP/2 only
    [InlineData("9444", "IP:PORT")]
    [InlineData("0.0.0.0:0", "IP:PORT")]
    public void Parse_BadKedaListen_NamedError(string value, string expected)
    {
        var (options, errors) = ServiceOptions.Parse(["--namespace", "ns", "--identity", "me", "--keda-listen", value], _ => null);

        Assert.Null(options);
        Assert.Contains(errors, e => e.Contains("--keda-listen", StringComparison.Ordinal) && e.Contains(expected, StringComparison.Ordinal));
    }
}
