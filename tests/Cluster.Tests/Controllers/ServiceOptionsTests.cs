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
        Assert.Equal(TimeSpan.FromSeconds(10), options.Recommender.IngestInterval);
        Assert.Equal(TimeSpan.FromSeconds(60), options.Recommender.FitInterval); // the writers ask the models themselves, every loop
        Assert.Equal(TimeSpan.FromMinutes(10), options.Recommender.CheckpointInterval);
        Assert.Equal(KernelTruth.Cluster.Configuration.CheckpointStoreKind.Cluster, options.Cluster.CheckpointStore);
        Assert.Equal("/var/lib/ktruth/state.json", options.Recommender.StateFile); // the Deployment's emptyDir
        Assert.Equal(TimeSpan.FromDays(8), options.Recommender.ModelIdleTtl);
        Assert.Equal(TimeSpan.FromMinutes(5), options.Cluster.ProfileRefresh);
    }

    [Theory]
    [InlineData("0s", 0)] // every change, as before the flag
    [InlineData("1s", 1)]
    [InlineData("90s", 90)]
    [InlineData("1h", 3600)]
    public void Parse_ProfileRefreshInterval_TheProfileWritersRefresh(string value, double expectedSeconds)
    {
        var (options, errors) = ServiceOptions.Parse(["--namespace", "ns", "--identity", "me", "--profile-refresh-interval", value], _ => null);

        Assert.Empty(errors);
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), options!.Cluster.ProfileRefresh);
    }

    [Fact]
    public void Parse_ModelIdleTtl_TheLoopsIdleTime()
    {
        var (options, errors) = ServiceOptions.Parse(["--namespace", "ns", "--identity", "me", "--model-idle-ttl", "36h"], _ => null);

        Assert.Empty(errors);
        Assert.Equal(TimeSpan.FromHours(36), options!.Recommender.ModelIdleTtl);
    }

    [Theory]
    [InlineData("file", KernelTruth.Cluster.Configuration.CheckpointStoreKind.File)]
    [InlineData("cluster", KernelTruth.Cluster.Configuration.CheckpointStoreKind.Cluster)]
    public void Parse_CheckpointStore_Chosen(string value, KernelTruth.Cluster.Configuration.CheckpointStoreKind expected)
    {
        var (options, errors) = ServiceOptions.Parse(["--namespace", "ns", "--identity", "me", "--checkpoint-store", value], _ => null);

        Assert.Empty(errors);
        Assert.Equal(expected, options!.Cluster.CheckpointStore);
    }

    [Fact]
    public void Parse_CheckpointStoreUnknown_OneError()
    {
        var (options, errors) = ServiceOptions.Parse(["--namespace", "ns", "--identity", "me", "--checkpoint-store", "etcd"], _ => null);

        Assert.Null(options);
        Assert.Equal(["--checkpoint-store must be cluster or file (was 'etcd')"], errors);
    }

    [Fact]
    public void Parse_StateAndCheckpointInterval_TheLoopsCheckpoints()
    {
        var (options, errors) = ServiceOptions.Parse(["--namespace", "ns", "--identity", "me", "--state", "/tmp/k/state.json", "--checkpoint-interval", "5m", "--interval", "30s"], _ => null);

        Assert.Empty(errors);
        Assert.Equal(("/tmp/k/state.json", TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(30)), (options!.Recommender.StateFile, options.Recommender.CheckpointInterval, options.Recommender.IngestInterval));
    }

    [Theory]
    [InlineData("--interval", "20m", "--interval 1200 s is outside 100 ms – 600 s")]
    [InlineData("--interval", "50ms", "--interval 50 ms is outside 100 ms – 600 s")]
    [InlineData("--checkpoint-interval", "2h", "--checkpoint-interval 7200 s is outside 1 s – 3600 s")]
    [InlineData("--state", "/tmp/", "--state '/tmp/' is a directory: name a file in it")]
    [InlineData("--model-idle-ttl", "30s", "--model-idle-ttl 30 s is outside 60 s – 365 d")]
    [InlineData("--model-idle-ttl", "9000h", "--model-idle-ttl 375 d is outside 60 s – 365 d")]
    [InlineData("--profile-refresh-interval", "2h", "--profile-refresh-interval 7200 s is outside 1 s – 3600 s (or 0s: every change)")]
    [InlineData("--profile-refresh-interval", "500ms", "--profile-refresh-interval 0.5 s is outside 1 s – 3600 s (or 0s: every change)")]
    [InlineData("--profile-refresh-interval", "soon", "--profile-refresh-interval must be a duration like 0s, 500ms, 10s, 2m or 1h (was 'soon')")]
    [InlineData("--profile-refresh-interval", "-1s", "--profile-refresh-interval must be a duration like 0s, 500ms, 10s, 2m or 1h (was '-1s')")]
    [InlineData("--interval", "0s", "--interval must be a duration like 500ms, 10s, 2m or 1h (was '0s')")] // zero stays an error where it means nothing
    [InlineData("--model-idle-ttl", "1e300h", "--model-idle-ttl must be a duration like 500ms, 10s, 2m or 1h (was '1e300h')")]
    public void Parse_LoopSettingOutOfRange_OneErrorNamingTheFlag(string flag, string value, string expected)
    {
        var (options, errors) = ServiceOptions.Parse(["--namespace", "ns", "--identity", "me", flag, value], _ => null);

        Assert.Null(options);
        Assert.StartsWith(expected, Assert.Single(errors), StringComparison.Ordinal);
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
        var (options, errors) = ServiceOptions.Parse(["--namespace", "ns", "--identity", "me", "--checkpoint-interval", "1h", "--interval", "2m", "--sensor-timeout", "1.5s"], _ => null);

        Assert.Empty(errors);
        Assert.Equal(TimeSpan.FromHours(1), options!.Recommender.CheckpointInterval);
        Assert.Equal(TimeSpan.FromMinutes(2), options.Recommender.IngestInterval);
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
