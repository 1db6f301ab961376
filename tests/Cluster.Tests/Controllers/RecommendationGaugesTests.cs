using k8s.Models;
using KernelTruth.Cluster.Attribution;
using KernelTruth.Cluster.Tests.Attribution;
using KernelTruth.Kubernetes.Resources;
using KernelTruth.Models.Recommendations;
using KernelTruth.Recommender.Logic;
using KernelTruth.Recommender.Output;
using KernelTruth.NodeSensor.Tests.Prometheus;
using KernelTruth.Service;
using KernelTruth.Simulations.Replay;

namespace KernelTruth.Cluster.Tests.Controllers;

/// <summary>
/// The per-workload series of ktruth-recommender's /metrics: recommended beside applied resources from the
/// WorkloadProfiles, and the pod → workload info, exported by the leader only and only while the workload has pods.
/// </summary>
public sealed class RecommendationGaugesTests
{
    private static readonly PodIndex WebRunning = PodIndex.Build(
        [
            Pods.Make("shop", "web-a", "uid-a", ("ReplicaSet", "apps/v1", "web-5d4f8"), ("app", Pods.Id('a'))),
            Pods.Make("shop", "web-b", "uid-b", ("ReplicaSet", "apps/v1", "web-5d4f8"), ("app", Pods.Id('b'))),
        ],
        (kind, ns, name) => kind == "ReplicaSet" && name == "web-5d4f8" ? Pods.Owned(ns, name, "Deployment", "apps/v1", "web") : null);

    [Fact]
    public async Task Scrape_Leader_RecommendedAppliedDemandAndPodInfo()
    {
        var state = new ServiceState();
        state.ExportRecommendations(() => (true, [Profile("web", "app"), Profile("gone", "app")], WebRunning));

        string text = await ScrapeAsync(state);

        Promtool.AssertClean(text, "ktruth-recommender");
        const string web = "namespace=\"shop\",workload_kind=\"Deployment\",workload=\"web\",container=\"app\"";
        Assert.Contains($"\nktruth_workload_cpu_request_recommended_cores{{{web}}} 0.25\n", text, StringComparison.Ordinal); // "250m"
        Assert.Contains($"\nktruth_workload_cpu_limit_recommended_cores{{{web}}} 0.6\n", text, StringComparison.Ordinal);
        Assert.Contains($"\nktruth_workload_memory_request_recommended_bytes{{{web}}} 134217728\n", text, StringComparison.Ordinal); // 128Mi = 128 × 2^20
        Assert.Contains($"\nktruth_workload_recommendation_confidence{{{web}}} 0.75\n", text, StringComparison.Ordinal);
        Assert.Contains($"\nktruth_workload_cpu_request_cores{{{web}}} 0.1\n", text, StringComparison.Ordinal);
        Assert.Contains($"\nktruth_workload_cpu_limit_cores{{{web}}} 0.2\n", text, StringComparison.Ordinal);
        Assert.Contains($"\nktruth_workload_cpu_demand_per_period_cores{{{web},percentile=\"99\"}} 0.55\n", text, StringComparison.Ordinal);
        Assert.Contains($"\nktruth_workload_startup_ready_seconds{{{web},percentile=\"90\"}} 4.5\n", text, StringComparison.Ordinal);
        Assert.Contains($"\nktruth_workload_startup_cpu_core_seconds{{{web},percentile=\"50\"}} 2.25\n", text, StringComparison.Ordinal);
        Assert.Contains("\nktruth_pod_workload_info{namespace=\"shop\",pod=\"web-b\",workload_kind=\"Deployment\",workload=\"web\"} 1\n", text, StringComparison.Ordinal);

        // No memory request applied → no series; a profile whose workload has no pods → nothing at all.
        Assert.DoesNotContain("ktruth_workload_memory_request_bytes{", text, StringComparison.Ordinal);
        Assert.DoesNotContain("workload=\"gone\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scrape_LeaderThenStandby_SeriesGo()
    {
        bool leader = true;
        var state = new ServiceState();
        state.ExportRecommendations(() => (leader, [Profile("web", "app")], WebRunning));
        Assert.Contains("ktruth_workload_cpu_request_recommended_cores{", await ScrapeAsync(state), StringComparison.Ordinal);

        leader = false;
        string text = await ScrapeAsync(state);

        Assert.DoesNotContain("ktruth_workload_cpu_request_recommended_cores{", text, StringComparison.Ordinal);
        Assert.DoesNotContain("ktruth_pod_workload_info{", text, StringComparison.Ordinal);
        Promtool.AssertClean(text, "ktruth-recommender (standby)");
    }

    [Fact]
    public async Task Scrape_ForecastOfTheLastLoop_BySourceForLiveWorkloadsOnLeaderOnly()
    {
        bool leader = true;
        var state = new ServiceState();
        state.ExportRecommendations(() => (leader, [], WebRunning));
        var sink = new ForecastSeriesSink(state.Recommendations);
        var models = new Forecasting
        {
            ["shop/Deployment/web/app"] = (1.5, true),
            ["shop/Deployment/gone/app"] = (2.0, false), // no live pod
            ["shop/Deployment/web/sidecar"] = null, // no minute finished yet
            ["/kubepods.slice/x.scope"] = (3.0, true), // a cgroup path: no cluster workload
        };

        var result = await sink.WriteAsync(Output(models), CancellationToken.None);
        string text = await ScrapeAsync(state);

        Promtool.AssertClean(text, "ktruth-recommender");
        const string web = "namespace=\"shop\",workload_kind=\"Deployment\",workload=\"web\",container=\"app\"";
        Assert.Equal(3, result.Items); // every forecast copied; which are shown is decided at the scrape
        Assert.Contains($"\nktruth_workload_cpu_demand_forecast_cores{{{web},source=\"forecast\"}} 1.5\n", text, StringComparison.Ordinal);
        Assert.Single(text.Split('\n'), l => l.StartsWith("ktruth_workload_cpu_demand_forecast_cores{", StringComparison.Ordinal));

        // The next loop no longer trusts the forecast: the reactive value replaces it under its own source.
        models["shop/Deployment/web/app"] = (1.25, false);
        await sink.WriteAsync(Output(models), CancellationToken.None);
        text = await ScrapeAsync(state);
        Assert.Contains($"\nktruth_workload_cpu_demand_forecast_cores{{{web},source=\"reactive\"}} 1.25\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("source=\"forecast\"", text, StringComparison.Ordinal);

        leader = false;
        Assert.DoesNotContain("ktruth_workload_cpu_demand_forecast_cores{", await ScrapeAsync(state), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scrape_AdapterAnswers_CountedByCode()
    {
        var state = new ServiceState();
        state.AdapterAnswered(200);
        state.AdapterAnswered(200);
        state.AdapterAnswered(503);

        string text = await ScrapeAsync(state);

        Assert.Contains("\nktruth_recommender_adapter_requests_total{code=\"200\"} 2\n", text, StringComparison.Ordinal);
        Assert.Contains("\nktruth_recommender_adapter_requests_total{code=\"503\"} 1\n", text, StringComparison.Ordinal);
    }

    internal static WorkloadProfile Profile(string workload, string container) => new()
    {
        Metadata = new V1ObjectMeta { Name = $"deployment-{workload}-{container}", NamespaceProperty = "shop" },
        Spec = new WorkloadProfileSpec { TargetRef = new CrossVersionObjectReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = workload }, ContainerName = container },
        Status = new WorkloadProfileStatus
        {
            Measured = new ProfileMeasured
            {
                DemandCores = new ProfilePercentiles(0.2, 0.45, 0.55),
                Startup = new ProfileStartup { Starts = 3, ReadySeconds = new(1.5, 4.5), CpuCoreSeconds = new(2.25, 3) },
            },
            Current = new ProfileResources { CpuRequest = "100m", CpuLimit = "200m" },
            Recommendation = new ProfileRecommendation { CpuRequest = "250m", CpuLimit = "600m", MemoryRequest = "128Mi", Confidence = 0.75 },
        },
    };

    private static LoopOutput Output(IModelView models) => new(DateTimeOffset.UnixEpoch, [], RecommendationSet.Empty, ActivitySet.Empty, models);

    /// <summary>Models that know only each workload's published forecast.</summary>
    private sealed class Forecasting : Dictionary<string, (double Cores, bool FromForecaster)?>, IModelView
    {
        public Forecasting()
            : base(StringComparer.Ordinal)
        {
        }

        public IReadOnlyCollection<string> Workloads => Keys;

        public long IntervalsOf(string workload) => 0;

        public Recommendation? Recommend(string workload, RecommendationPolicy policy, DateTimeOffset now) => null;

        public LimitPrediction? PredictedEffect(string workload, Recommendation recommendation) => null;

        public double? DemandCores(string workload, double p) => null;

        public (double Cores, bool FromForecaster)? ForecastCores(string workload) => this[workload];
    }

    private static async Task<string> ScrapeAsync(ServiceState state)
    {
        using var stream = new MemoryStream();
        await state.Metrics.CollectAndExportAsTextAsync(stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
