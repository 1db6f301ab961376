using System.Text;
using KernelTruth.Reports.Input;
using KernelTruth.Reports.Model;
using KernelTruth.Reports.Tests.Fakes;

namespace KernelTruth.Reports.Tests.Input;

public sealed class ProfileReaderTests
{
    private static (IReadOnlyList<WorkloadFacts> Workloads, IReadOnlyList<string> Notes) Read(string json) =>
        ProfileReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(json)), "--from test");

    private static string One(string status) =>
        "{\"kind\":\"WorkloadProfile\",\"metadata\":{\"name\":\"deployment-web-app\",\"namespace\":\"shop\"},\"spec\":{\"targetRef\":{\"kind\":\"Deployment\",\"name\":\"web\"},\"containerName\":\"app\"},\"status\":" + status + "}";

    [Fact]
    public void Read_AgreedShape_ParsesQuantitiesAndMeasurements()
    {
        var (w, _) = Read(One("{\"pods\":3,\"measured\":{\"usageAverageCores\":0.41,\"demandCores\":{\"p95\":0.72,\"p99\":0.95},\"throttledPeriodsRatio\":0.12,\"throttleWaitSeconds\":{\"p99\":0.045},\"oomKills\":1},"
            + "\"current\":{\"cpuRequest\":\"500m\",\"memoryLimit\":\"512Mi\"},\"recommendation\":{\"cpuRequest\":\"450m\",\"cpuLimit\":\"1100m\",\"memoryRequest\":\"300Mi\",\"confidence\":0.8},"
            + "\"predicted\":{\"cpuLimit\":\"1100m\",\"throttledPeriodsRatio\":0.004,\"throttleWaitP99Seconds\":0.006,\"extrapolated\":false}}"));

        WorkloadFacts f = Assert.Single(w);
        Assert.Equal(("shop", "Deployment", "web", "app", 3), (f.Namespace, f.Kind, f.Name, f.Container, f.Pods));
        Assert.Equal(0.5, f.Current.CpuRequestCores!.Value, 9);
        Assert.Null(f.Current.CpuLimitCores); // absent = not set
        Assert.Equal(512L << 20, f.Current.MemoryLimitBytes);
        Assert.Equal(1.1, f.Recommended.CpuLimitCores!.Value, 9);
        Assert.Equal(300L << 20, f.Recommended.MemoryRequestBytes);
        Assert.Equal(0.045, f.ThrottleWaitP99Seconds);
        Assert.Equal(1, f.OomKills);
        Assert.Equal(0.004, f.StatedPrediction!.ThrottledPeriodsRatio);
    }

    [Theory]
    [InlineData("{\"recommendation\":{\"cpuRequest\":\"lots\",\"memoryRequest\":\"1Mi\"}}", "--from test: item 0 (shop/deployment-web-app): status.recommendation.cpuRequest must be a Kubernetes quantity")]
    [InlineData("{\"recommendation\":{\"cpuRequest\":\"-1\",\"memoryRequest\":\"1Mi\"}}", "status.recommendation.cpuRequest must be a Kubernetes quantity")]
    [InlineData("{\"recommendation\":{\"cpuRequest\":\"1\"}}", "status.recommendation.memoryRequest is required")]
    [InlineData("{\"measured\":{\"throttledPeriodsRatio\":1.5},\"recommendation\":{\"cpuRequest\":\"1\",\"memoryRequest\":\"1Mi\"}}", "status.measured.throttledPeriodsRatio must be in [0, 1] (was 1.5)")]
    [InlineData("{\"measured\":{\"usageAverageCores\":-0.5},\"recommendation\":{\"cpuRequest\":\"1\",\"memoryRequest\":\"1Mi\"}}", "status.measured.usageAverageCores must be a number ≥ 0 (was -0.5)")]
    [InlineData("{\"measured\":{\"oomKills\":\"two\"},\"recommendation\":{\"cpuRequest\":\"1\",\"memoryRequest\":\"1Mi\"}}", "status.measured.oomKills must be a whole number")]
    [InlineData("{\"recommendation\":{\"cpuRequest\":\"1\",\"memoryRequest\":\"1Mi\",\"confidence\":2}}", "status.recommendation.confidence must be in [0, 1]")]
    [InlineData("{\"measured\":{\"startup\":{\"starts\":1,\"readySeconds\":{\"p50\":-1,\"p90\":1}}},\"recommendation\":{\"cpuRequest\":\"1\",\"memoryRequest\":\"1Mi\"}}", "status.measured.startup.readySeconds.p50 must be a number ≥ 0 (was -1)")]
    [InlineData("{\"measured\":{\"startup\":{\"starts\":1}},\"recommendation\":{\"cpuRequest\":\"1\",\"memoryRequest\":\"1Mi\",\"startup\":{\"throttled\":true,\"fix\":\"higherLimit\",\"cpuLimit\":\"two\"}}}", "status.recommendation.startup.cpuLimit must be a Kubernetes quantity")]
    public void Read_BadField_ErrorNamesItemAndField(string status, string expected)
    {
        var ex = Assert.Throws<ReportInputException>(() => Read(One(status)));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"items\": [", "--from test: not valid JSON")]
    [InlineData("42", "expected a List of WorkloadProfiles")]
    [InlineData("{\"items\":[{\"kind\":\"Pod\",\"metadata\":{\"name\":\"a\",\"namespace\":\"b\"}}]}", "kind must be WorkloadProfile (was Pod)")]
    [InlineData("{\"items\":[{\"metadata\":{\"name\":\"a\"}}]}", "metadata.namespace is required")]
    public void Read_NotProfiles_ClearError(string json, string expected)
    {
        var ex = Assert.Throws<ReportInputException>(() => Read(json));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_EmptyList_NoWorkloads()
    {
        Assert.Empty(Read("{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[]}").Workloads);
    }

    [Fact]
    public void Read_FixtureWebProfile_StartupAndItsFix()
    {
        // Fixtures/profiles.json: shop/web's starts (p50 ready 7.92 s) need a 1820m limit, replayed ready in 2.19 s.
        var web = Fixture.Report().Rows.Single(r => r.Facts.Name == "web").Facts.Startup!;

        Assert.Equal(5, web.Starts);
        Assert.Equal(7.92, web.ReadyP50Seconds);
        Assert.Equal(new StartupFixFacts("higherLimit", 1.82, 0, 7.92, 2.19), web.Fix);
    }
}
