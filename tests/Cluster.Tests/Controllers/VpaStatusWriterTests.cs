using k8s;
using k8s.Models;
using KernelTruth.Cluster.Attribution;
using KernelTruth.Cluster.Configuration;
using KernelTruth.Cluster.Controllers;
using KernelTruth.Cluster.Input;
using KernelTruth.Cluster.Tests.Vpa;
using KernelTruth.Cluster.Vpa;
using KernelTruth.Contracts.Snapshot;
using KernelTruth.Contracts.Units;
using KernelTruth.Kube.TestServer;
using KernelTruth.Kubernetes.Resources;
using KernelTruth.Models.Recommendations;
using KernelTruth.Recommender.Logic;
using KernelTruth.Recommender.Output;
using KernelTruth.Simulations.Replay;
using Microsoft.Extensions.Logging.Abstractions;

namespace KernelTruth.Cluster.Tests.Controllers;

/// <summary>
/// <see cref="VpaStatusWriter"/> alone against the in-process API server: three VPAs naming us on shop/web (the
/// fixture's "web", and "web-2", "web-3" made here), a model of the test's choosing behind "shop/Deployment/web/app".
/// The server's request log counts the writes; <see cref="VpaStatusWriter.Serialised"/> counts the statuses serialised.
/// </summary>
public sealed class VpaStatusWriterTests : IAsyncLifetime
{
    private const int Owned = 3;
    private static readonly DateTimeOffset Now = History.Start.AddMinutes(30);

    private readonly CancellationTokenSource _stop = new();
    private readonly SteeredModel _models = new(History.Bursty(0.2, 0.8, 30));
    private Task _informers = Task.CompletedTask;
    private ClusterFixture _cluster = null!;
    private IKubernetes _client = null!;
    private ClusterCache _cache = null!;
    private VpaStatusWriter _writer = null!;

    public async Task InitializeAsync()
    {
        _cluster = await ClusterFixture.StartAsync();
        _client = _cluster.Client("recommender");
        foreach (string name in new[] { "web-2", "web-3" })
        {
            await _client.CustomObjects.CreateNamespacedCustomObjectAsync(
                new VerticalPodAutoscaler
                {
                    ApiVersion = "autoscaling.k8s.io/v1",
                    Kind = "VerticalPodAutoscaler",
                    Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "shop" },
                    Spec = new VpaSpec
                    {
                        TargetRef = new CrossVersionObjectReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = "web" },
                        Recommenders = [new VpaRecommenderSelector { Name = "kernel-truth" }],
                    },
                },
                "autoscaling.k8s.io", "v1", "shop", "verticalpodautoscalers");
        }

        _cache = new ClusterCache(_client, NullLoggerFactory.Instance);
        _informers = _cache.RunAsync(_stop.Token);
        await _cache.WaitForSyncAsync(_stop.Token).WaitAsync(TimeSpan.FromSeconds(30));
        var pods = new CurrentPods();
        pods.Replace(_cache.BuildIndex(_cache.Pods.List()));
        var options = new ClusterOptions { Namespace = ClusterFixture.Ns };
        _writer = new VpaStatusWriter(_cache, pods, new StatusWriter(_client, new FixedLeadership(true), NullLogger.Instance), options, NullLogger.Instance);
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        await _informers.ContinueWith(_ => { }, TaskScheduler.Default);
        _client.Dispose();
        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task WriteAsync_NothingChanged_NoWriteAndOnlyOurStatusesSerialised()
    {
        var first = await SettledAsync();
        long before = _writer.Serialised;
        var again = await WriteAsync();
        long serialised = _writer.Serialised - before;

        Assert.Equal((Owned, Owned), (first.Items, first.Writes));
        Assert.Equal((Owned, 0), (again.Items, again.Writes));
        Assert.Equal(Owned, StatusWrites());

        // 3 of ours, none of the cache's: its objects' resourceVersions are those the last loop saw (it serialised 3 + 3).
        Assert.Equal(Owned, serialised);
    }

    [Fact]
    public async Task WriteAsync_RecommendationChanged_WrittenOnceEach()
    {
        await SettledAsync();
        _models.RequestFactor = 2; // the model's CPU request doubled
        var changed = await WriteAsync();

        Assert.Equal(Owned, changed.Writes);
        Assert.Equal(2 * Owned, StatusWrites());
        var expected = _models.Model.Recommend(new VpaOptions().Policy with { LimitRequestRatio = 2.0 }, Now);
        Assert.Equal(Quantity.FormatCpu(expected.Cpu.RequestCores * 2), Target("web-2"));
    }

    [Fact]
    public async Task WriteAsync_SomeoneElseChangedOneStatus_WrittenBackAndOnlyThatOneSerialisedFromTheCache()
    {
        await SettledAsync();
        string ours = Target("web-2");
        string version = _cache.Vpas.Get("shop", "web-2")!.Metadata.ResourceVersion;

        // Another writer (the default recommender, a person) puts its own recommendation in one status.
        using var other = _cluster.Client("someone-else");
        await other.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
            new V1Patch("""{"status":{"recommendation":{"containerRecommendations":[{"containerName":"app","target":{"cpu":"5","memory":"1Gi"}}]}}}""", V1Patch.PatchType.MergePatch),
            "autoscaling.k8s.io", "v1", "shop", "verticalpodautoscalers", "web-2");
        await Wait.For(() => _cache.Vpas.Get("shop", "web-2")?.Metadata.ResourceVersion != version, "the cache to see the other writer's status");
        Assert.Equal("5", Target("web-2"));

        long before = _writer.Serialised;
        var back = await WriteAsync();
        long serialised = _writer.Serialised - before;

        Assert.Equal(1, back.Writes);
        Assert.Equal(Owned + 1, StatusWrites());
        Assert.Equal(ours, Target("web-2"));
        Assert.Equal(Owned + 1, serialised); // ours, and the one cached status whose resourceVersion moved
    }

    /// <summary>The first loop (every status written), then the one that sees them in the cache: the steady state from there on.</summary>
    private async Task<SinkResult> SettledAsync()
    {
        var first = await WriteAsync();
        await Wait.For(() => _cache.Vpas.List().Count(v => v.Status?.Recommendation is not null) == Owned, "the cache to hold the statuses written");
        await WriteAsync();
        return first;
    }

    private Task<SinkResult> WriteAsync() =>
        _writer.WriteAsync(new LoopOutput(Now, [], RecommendationSet.Empty, ActivitySet.Empty, _models), CancellationToken.None);

    /// <summary>Our status patches (the two VPAs made here are creates, not counted).</summary>
    private int StatusWrites() => _cluster.Server.Requests.Count(r => r.Resource == "verticalpodautoscalers" && r.Verb == "patch" && r.User == "recommender" && r.StatusCode < 300);

    private string Target(string vpa) =>
        _cluster.Get<VerticalPodAutoscaler>(KubeResources.VerticalPodAutoscalers, "shop", vpa)!.Status!.Recommendation!.ContainerRecommendations!.Single().Target["cpu"];

    /// <summary>One model behind shop/web's app container, its CPU request scaled by <see cref="RequestFactor"/>.</summary>
    private sealed class SteeredModel(WorkloadModel model) : IModelView
    {
        private const string Key = "shop/Deployment/web/app";

        public WorkloadModel Model => model;

        public double RequestFactor { get; set; } = 1;

        public IReadOnlyCollection<string> Workloads => [Key];

        public long IntervalsOf(string workload) => workload == Key ? model.IntervalCount : 0;

        public Recommendation? Recommend(string workload, RecommendationPolicy policy, DateTimeOffset now) =>
            workload == Key && model.Recommend(policy, now) is { } r ? r with { Cpu = r.Cpu with { RequestCores = r.Cpu.RequestCores * RequestFactor } } : null;

        public LimitPrediction? PredictedEffect(string workload, Recommendation recommendation) => null;

        public double? DemandCores(string workload, double p) => null;

        public string? WorkloadOf(CgroupSnapshot cgroup) => null;
    }
}
