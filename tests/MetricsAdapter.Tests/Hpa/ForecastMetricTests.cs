using KernelTruth.Contracts.Snapshot;
using KernelTruth.MetricsAdapter.Metrics;
using KernelTruth.MetricsAdapter.Store;
using KernelTruth.MetricsAdapter.Tests.Fakes;
using KernelTruth.MetricsAdapter.Tests.Http;
using KernelTruth.Models.Recommendations;
using KernelTruth.Recommender.Forecast;
using KernelTruth.Recommender.Logic;
using KernelTruth.Simulations.Replay;

namespace KernelTruth.MetricsAdapter.Tests.Hpa;

/// <summary>
/// cpu_demand_forecast_cores from the models to the HPA's decoding, on <see cref="HotAndCalm"/>: Deployment hot (4 pods
/// at 0.5 cores) has a trusted forecast of 6 cores; Deployment calm (4 pods at 0.05 cores) is still on the reactive value. The feed gets
/// them from the loop's model view, as <see cref="MetricsAdapterSink"/> passes it.
/// </summary>
public sealed class ForecastMetricTests : IAsyncLifetime
{
    private const string Ns = HotAndCalm.Ns;
    private readonly ManualClock _clock = new(Snapshots.WallAt(10));
    private AdapterServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await HotAndCalm.StartAsync(_clock);
        Assert.Equal(8, _server.Feed.Publish(new Models()));
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<string> GetAsync(string path)
    {
        using var client = _server.Client();
        return await client.GetStringAsync(path);
    }

    [Fact]
    public async Task External_LabelSelector_TheWorkloadsForecast()
    {
        string body = await GetAsync($"/apis/external.metrics.k8s.io/v1beta1/namespaces/{Ns}/{MetricNames.DemandForecastCores}?labelSelector=app%3Dhot");

        Assert.Equal([6000], HpaMetricsClient.DecodeExternal(body)); // 4 pods × 6/4 cores: the workload's 6, not the 2 measured now
    }

    [Fact]
    public async Task External_ReactiveWorkload_ItsDemandLikeCpuDemandCores()
    {
        string forecast = await GetAsync($"/apis/external.metrics.k8s.io/v1beta1/namespaces/{Ns}/{MetricNames.DemandForecastCores}?labelSelector=app%3Dcalm");
        string demand = await GetAsync($"/apis/external.metrics.k8s.io/v1beta1/namespaces/{Ns}/{MetricNames.DemandCores}?labelSelector=app%3Dcalm");

        Assert.Equal([200], HpaMetricsClient.DecodeExternal(forecast)); // 4 × 0.05
        Assert.Equal(HpaMetricsClient.DecodeExternal(demand), HpaMetricsClient.DecodeExternal(forecast));
    }

    [Fact]
    public async Task Pods_ForecastWorkload_EachPodItsEvenShare()
    {
        var m = HpaMetricsClient.DecodePods(
            await GetAsync($"/apis/custom.metrics.k8s.io/v1beta2/namespaces/{Ns}/pods/%2A/{MetricNames.DemandForecastCores}?labelSelector=app%3Dhot"),
            MetricNames.DemandForecastCores);

        Assert.All(m.MilliByPod.Values, v => Assert.Equal(1500, v));
        Assert.Equal(4, m.MilliByPod.Count);
    }

    /// <summary>The engine's view as the sink hands it on: hot has a trusted forecast, calm the reactive value.</summary>
    private sealed class Models : IModelView
    {
        public IReadOnlyCollection<string> Workloads => ["shop/Deployment/calm/app", "shop/Deployment/hot/app"];

        public string? WorkloadOf(CgroupSnapshot cgroup) =>
            cgroup.Path.StartsWith("/hot", StringComparison.Ordinal) ? "shop/Deployment/hot/app" : cgroup.Path.StartsWith("/calm", StringComparison.Ordinal) ? "shop/Deployment/calm/app" : null;

        public DemandForecast? Forecast(string workload) => workload switch
        {
            "shop/Deployment/hot/app" => new DemandForecast(6.0, ForecastSources.Forecast, null, 75, 2.0, Snapshots.WallAt(0)),
            "shop/Deployment/calm/app" => new DemandForecast(0.3, ForecastSources.Reactive, "3 of 30 forecasts have been checked", 75, 0.3, Snapshots.WallAt(0)),
            _ => null,
        };

        public long IntervalsOf(string workload) => 0;

        public Recommendation? Recommend(string workload, RecommendationPolicy policy, DateTimeOffset now) => null;

        public LimitPrediction? PredictedEffect(string workload, Recommendation recommendation) => null;

        public double? DemandCores(string workload, double p) => null;
    }
}
