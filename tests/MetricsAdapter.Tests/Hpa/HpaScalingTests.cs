using KernelTruth.MetricsAdapter.Metrics;
using KernelTruth.MetricsAdapter.Store;
using KernelTruth.MetricsAdapter.Tests.Fakes;
using KernelTruth.MetricsAdapter.Tests.Http;

namespace KernelTruth.MetricsAdapter.Tests.Hpa;

/// <summary>
/// Kernel counters → adapter → HTTP → the HPA's decoding → the HPA's arithmetic. Four web pods,
/// each sensed for 10 s at 10 periods/s. Throttled: 3 of 10 periods per second (ratio 300m);
/// healthy: 0 (ratio 0) but 0.05 cores each. Targets: throttled-period ratio averageValue 100m.
/// </summary>
public sealed class HpaScalingTests : IAsyncLifetime
{
    private const string Ns = HotAndCalm.Ns;
    private static readonly WorkloadRef Web = new("Deployment", "web");
    private readonly ManualClock _clock = new(Snapshots.WallAt(10));
    private AdapterServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await HotAndCalm.StartAsync(_clock);
        Assert.Equal(8, _server.Feed.Publish());
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<HpaMetricsClient.PodMetrics> PodsAsync(string version, string app, string metric)
    {
        using var client = _server.Client();
        string body = await client.GetStringAsync($"/apis/custom.metrics.k8s.io/{version}/namespaces/{Ns}/pods/%2A/{metric}?labelSelector=app%3D{app}");
        return HpaMetricsClient.DecodePods(body, metric);
    }

    [Theory]
    [InlineData("v1beta2")]
    [InlineData("v1beta1")]
    public async Task Throttled_ScalesUp(string version)
    {
        var m = await PodsAsync(version, "hot", MetricNames.ThrottledPeriodsRatio);
        Assert.Equal(300, m.MilliByPod["hot-0"]);
        Assert.Equal(10, m.WindowSeconds);
        Assert.Equal(Snapshots.WallAt(10), m.Timestamp);
        // mean 300m / target 100m = 3.0 → ceil(3.0 × 4) = 12
        Assert.Equal(12, HpaReplicaCalculator.PodsMetric(4, [.. m.MilliByPod.Keys], m.MilliByPod, 100));
    }

    [Fact]
    public async Task Healthy_ScalesDown()
    {
        var m = await PodsAsync("v1beta2", "calm", MetricNames.ThrottledPeriodsRatio);
        Assert.All(m.MilliByPod.Values, v => Assert.Equal(0, v));
        // ratio 0 → ceil(0 × 4) = 0 (the HPA then clamps to minReplicas)
        Assert.Equal(0, HpaReplicaCalculator.PodsMetric(4, [.. m.MilliByPod.Keys], m.MilliByPod, 100));
        // Demand utilization: 0.05 / 0.25 = 200m each; target 400m → ratio 0.5 → ceil(0.5 × 4) = 2
        var u = await PodsAsync("v1beta2", "calm", MetricNames.DemandUtilization);
        Assert.Equal(200, u.MilliByPod["calm-3"]);
        Assert.Equal(2, HpaReplicaCalculator.PodsMetric(4, [.. u.MilliByPod.Keys], u.MilliByPod, 400));
    }

    [Fact]
    public async Task WithinTolerance_Keeps()
    {
        var m = await PodsAsync("v1beta2", "hot", MetricNames.ThrottledPeriodsRatio);
        // 300m against 280m: ratio 1.071, |1 − 1.071| ≤ 0.1 → keep 4; against 270m: 1.111 → ceil(4.44) = 5
        Assert.Equal(4, HpaReplicaCalculator.PodsMetric(4, [.. m.MilliByPod.Keys], m.MilliByPod, 280));
        Assert.Equal(5, HpaReplicaCalculator.PodsMetric(4, [.. m.MilliByPod.Keys], m.MilliByPod, 270));
    }

    [Fact]
    public async Task MissingPod_ScaleUpCountsItAsZero()
    {
        var m = await PodsAsync("v1beta2", "hot", MetricNames.ThrottledPeriodsRatio);
        // A fifth running pod without a value: scale-up, so it counts 0 → mean (4 × 300) / 5 = 240m,
        // ratio 2.4 → ceil(2.4 × 5) = 12.
        Assert.Equal(12, HpaReplicaCalculator.PodsMetric(5, [.. m.MilliByPod.Keys, "hot-new"], m.MilliByPod, 100));
    }

    [Fact]
    public async Task MissingPod_ScaleDownCountsItAsTarget()
    {
        var m = await PodsAsync("v1beta2", "calm", MetricNames.DemandUtilization);
        // Four at 200m and one missing counted at the 400m target: mean 240m / 400m = 0.6 → ceil(0.6 × 5) = 3.
        Assert.Equal(3, HpaReplicaCalculator.PodsMetric(5, [.. m.MilliByPod.Keys, "calm-new"], m.MilliByPod, 400));
    }

    [Fact]
    public async Task ObjectMetric_Deployment_ExactlyOneItem()
    {
        using var client = _server.Client();
        string body = await client.GetStringAsync($"/apis/custom.metrics.k8s.io/v1beta2/namespaces/{Ns}/deployments.apps/hot/{MetricNames.DemandCores}");
        long demand = HpaMetricsClient.DecodeObject(body, "Deployment");
        // 4 × (0.5 + 3 × 1 ms of throttle wait per second) = 2.012 cores → 2012m; Value target 500m → ratio 4.024 → ceil(4.024 × 4) = 17
        Assert.Equal(2012, demand);
        Assert.Equal(17, HpaReplicaCalculator.ObjectMetric(4, demand, 500));
    }

    [Fact]
    public async Task External_SumOfValues()
    {
        using var client = _server.Client();
        string body = await client.GetStringAsync($"/apis/external.metrics.k8s.io/v1beta1/namespaces/{Ns}/{MetricNames.ThrottledPeriodsRatio}?labelSelector=app%3Dhot");
        Assert.Equal([300], HpaMetricsClient.DecodeExternal(body)); // 120 of 400 periods
    }

    [Fact]
    public async Task EmptySelection_404_NotAnEmptyList()
    {
        using var client = _server.Client();
        using var response = await client.GetAsync($"/apis/custom.metrics.k8s.io/v1beta2/namespaces/{Ns}/pods/%2A/{MetricNames.DemandCores}?labelSelector=app%3Dnone");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
    }
}
