using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using KernelTruth.Cluster.Configuration;
using KernelTruth.Cluster.Controllers;
using KernelTruth.Cluster.Hosting;
using KernelTruth.Cluster.Input;
using KernelTruth.Cluster.Tests.Schema;
using KernelTruth.Cluster.Vpa;
using KernelTruth.Contracts.Units;
using KernelTruth.Kube.TestServer;
using KernelTruth.Kubernetes.Connection;
using KernelTruth.Kubernetes.Election;
using KernelTruth.Kubernetes.Resources;
using KernelTruth.Recommender.Configuration;
using KernelTruth.Recommender.Input;
using KernelTruth.Recommender.Logic;
using KernelTruth.Recommender.Routines;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KernelTruth.Cluster.Tests.Controllers;

/// <summary>
/// The recommender loop as the cluster composes it (<see cref="ClusterServiceCollectionExtensions.AddKernelTruthCluster"/>:
/// sensors found among pods, VPA status and WorkloadProfile sinks on the Lease holder), end to end against the
/// in-process API server: pods, owners and VPAs in it, a fake sensor feeding snapshots. Each RunOnceAsync is one loop.
/// </summary>
public sealed class ClusterLoopTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ktruth-cluster-loop-").FullName;
    private readonly List<ServiceProvider> _providers = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _informers = [];
    private ClusterFixture _cluster = null!;
    private IKubernetes _client = null!;

    public async Task InitializeAsync()
    {
        _cluster = await ClusterFixture.StartAsync();
        _client = _cluster.Client("recommender");
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_informers).ContinueWith(_ => { }, TaskScheduler.Default);
        foreach (var provider in _providers)
        {
            await provider.DisposeAsync();
        }

        _client.Dispose();
        await _cluster.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task RunOnce_Leader_VpaStatusIsTheRecommendationAndValid()
    {
        var recommender = await LoopAsync(leader: true);
        for (int i = 0; i < 4; i++)
        {
            await recommender.RunOnceAsync(CancellationToken.None);
        }

        var vpa = _cluster.Get<VerticalPodAutoscaler>(KubeResources.VerticalPodAutoscalers, "shop", "web")!;
        var app = Assert.Single(vpa.Status!.Recommendation!.ContainerRecommendations!);
        Assert.Equal("app", app.ContainerName);

        // The pods have limit/request 200m/100m = 2, so the model is asked with that ratio (RequestsAndLimits, VPA's default).
        var expected = recommender.Models.Recommend("shop/Deployment/web/app", new VpaOptions().Policy with { LimitRequestRatio = 2.0 }, DateTimeOffset.UnixEpoch)!;
        Assert.Equal(Quantity.FormatCpu(expected.Cpu.RequestCores), app.Target["cpu"]);
        Assert.Equal(Quantity.FormatCpu(expected.Cpu.UpperBoundCores), app.UpperBound!["cpu"]);
        Assert.Equal(6, recommender.Models.IntervalsOf("shop/Deployment/web/app")); // 3 intervals × 2 replicas

        var stored = _cluster.Server.GetObject(KubeResources.VerticalPodAutoscalers, "shop", "web")!;
        var errors = Schemas.Vpa.Validate(stored);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        Assert.Contains(vpa.Status.Conditions!, c => c.Type == "RecommendationProvided" && c.Status == "True");
        Assert.Contains(vpa.Status.Conditions!, c => c.Type == "NoPodsMatched" && c.Status == "False");

        // The VPA that names the default recommender is not ours: never written.
        Assert.Null(_cluster.Server.GetObject(KubeResources.VerticalPodAutoscalers, "shop", "web-default")!["status"]);
    }

    [Fact]
    public async Task RunOnce_Leader_WorkloadProfileWrittenAndValid()
    {
        var recommender = await LoopAsync(leader: true);
        for (int i = 0; i < 3; i++)
        {
            await recommender.RunOnceAsync(CancellationToken.None);
        }

        var stored = await Eventually(() => _cluster.Server.GetObject(KubeResources.WorkloadProfiles, "shop", "deployment-web-app"));
        var errors = Schemas.WorkloadProfile.Validate(stored);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        var profile = KubernetesJson.Deserialize<WorkloadProfile>(stored.ToJsonString());
        Assert.Equal("web", profile.Spec!.TargetRef.Name);
        Assert.Equal(2, profile.Status!.Pods);
        Assert.Equal("100m", profile.Status.Current!.CpuRequest);
        Assert.Equal((15.0 + 30.0) / 200, profile.Status.Measured!.ThrottledPeriodsRatio, 1e-6); // loads 1 and 2 of Steady, pooled

        // The predicted effect of the recommended limit is the simulation engine's, at that limit.
        Assert.Equal("simulation", profile.Status.Predicted!.Source);
        Assert.Equal(profile.Status.Recommendation!.CpuLimit, profile.Status.Predicted.CpuLimit);
    }

    [Fact]
    public async Task RunOnce_NothingNew_NothingWrittenTwice()
    {
        var recommender = await LoopAsync(leader: true);
        for (int i = 0; i < 3; i++)
        {
            await recommender.RunOnceAsync(CancellationToken.None);
        }

        await Eventually(() => recommender.Cache.Profiles.Get("shop", "deployment-web-app")?.Status);
        await Eventually(() => recommender.Cache.Vpas.Get("shop", "web")?.Status);
        int vpaWrites = _cluster.Writes("verticalpodautoscalers"), profileWrites = _cluster.Writes("workloadprofiles");

        _cluster.Sensor.Failing = true; // no new data: the same status again must not be written
        var report = await recommender.RunOnceAsync(CancellationToken.None);
        await recommender.RunOnceAsync(CancellationToken.None);

        Assert.Equal(1, report.Ingest.SensorsFailed);
        Assert.Equal([0, 0], report.Sinks.Select(r => r.Result.Writes));
        Assert.Equal(vpaWrites, _cluster.Writes("verticalpodautoscalers"));
        Assert.Equal(profileWrites, _cluster.Writes("workloadprofiles"));
    }

    [Fact]
    public async Task RunOnce_NotLeader_ReadsButWritesNothing()
    {
        var recommender = await LoopAsync(leader: false);
        for (int i = 0; i < 3; i++)
        {
            await recommender.RunOnceAsync(CancellationToken.None);
        }

        Assert.Equal(4, recommender.Models.IntervalsOf("shop/Deployment/web/app")); // 2 intervals (the first reading is a baseline) × 2 replicas
        Assert.Equal(0, _cluster.Writes("verticalpodautoscalers"));
        Assert.Equal(0, _cluster.Writes("workloadprofiles"));
        var last = await recommender.RunOnceAsync(CancellationToken.None);
        Assert.All(last.Sinks, r => Assert.Equal((PhaseOutcome.Skipped, "not the Lease holder"), (r.Outcome, r.Result.Skipped)));
    }

    [Fact]
    public async Task RunOnce_LeaseLostAfterTheFirstWrite_NoFurtherWriteThatLoop()
    {
        // Two VPAs name us ("web" and "web2", in that order): the Lease is lost while the first one's status is written.
        _cluster.Server.Seed(KubeResources.VerticalPodAutoscalers, JsonNode.Parse("""
            {"apiVersion":"autoscaling.k8s.io/v1","kind":"VerticalPodAutoscaler","metadata":{"name":"web2","namespace":"shop"},
             "spec":{"targetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"web"},"recommenders":[{"name":"kernel-truth"}]}}
            """)!.AsObject());
        var leadership = new FixedLeadership(false);
        var recommender = await LoopAsync(leader: false, leadership: leadership);
        await Eventually(() => recommender.Cache.Vpas.Get("shop", "web2"));
        await recommender.RunOnceAsync(CancellationToken.None);
        await recommender.RunOnceAsync(CancellationToken.None); // warm, as a standby is: intervals in, nothing written

        _cluster.Server.Authorize = r =>
        {
            if (r.Resource == "verticalpodautoscalers" && r.Verb == "patch")
            {
                leadership.IsLeader = false; // deposed while this write is on its way
            }

            return true;
        };
        leadership.IsLeader = true;
        var report = await recommender.RunOnceAsync(CancellationToken.None);

        Assert.Equal(1, _cluster.Writes("verticalpodautoscalers")); // web's status; web2's was never sent
        Assert.Null(_cluster.Server.GetObject(KubeResources.VerticalPodAutoscalers, "shop", "web2")!["status"]);
        Assert.Equal(0, _cluster.Writes("workloadprofiles"));
        Assert.All(report.Sinks, r => Assert.Equal(PhaseOutcome.Skipped, r.Outcome));
        Assert.Equal(LeaderOnlySink.LostMidLoop, report.Sinks[0].Result.Skipped); // the VPA writer, stopped halfway
    }

    [Fact]
    public async Task RunOnce_VpaSpecEdited_StatusCarriesTheObservedGeneration()
    {
        var recommender = await LoopAsync(leader: true);
        await recommender.RunOnceAsync(CancellationToken.None);
        Assert.Equal(1, _cluster.Get<VerticalPodAutoscaler>(KubeResources.VerticalPodAutoscalers, "shop", "web")!.Status!.ObservedGeneration);

        // An edit of the spec makes generation 2; the next status written says it answers that one, and is valid.
        await _client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch("""{"spec":{"updatePolicy":{"updateMode":"Off"}}}""", V1Patch.PatchType.MergePatch), "autoscaling.k8s.io", "v1", "shop", "verticalpodautoscalers", "web");
        await Eventually(() => recommender.Cache.Vpas.Get("shop", "web")?.Metadata.Generation == 2 ? "" : null);
        await recommender.RunOnceAsync(CancellationToken.None);

        var stored = _cluster.Server.GetObject(KubeResources.VerticalPodAutoscalers, "shop", "web")!;
        Assert.Equal(2, stored["status"]!["observedGeneration"]!.GetValue<long>());
        var errors = Schemas.Vpa.Validate(stored);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task RunOnce_ApiFailsForAWhile_NoCrashThenWritten()
    {
        using var fragile = _cluster.Client("fragile", new ApiRetryOptions { MaxRetries = 1, FirstDelay = TimeSpan.FromMilliseconds(10) });
        var recommender = await LoopAsync(leader: true, writer: fragile);
        await recommender.RunOnceAsync(CancellationToken.None);
        _cluster.Server.FailAllFor(TimeSpan.FromSeconds(2));
        var failing = await recommender.RunOnceAsync(CancellationToken.None);
        Assert.True(failing.Sinks.Sum(r => r.Result.Errors) > 0, "writes during the outage must fail and be counted, not thrown");
        Assert.All(failing.Sinks, r => Assert.False(r.Aborted));

        await Task.Delay(TimeSpan.FromSeconds(2.5));
        var after = await recommender.RunOnceAsync(CancellationToken.None);
        Assert.Equal(0, after.Sinks.Sum(r => r.Result.Errors));
        Assert.NotNull(_cluster.Server.GetObject(KubeResources.VerticalPodAutoscalers, "shop", "web")!["status"]);
    }

    [Fact]
    public async Task RunOnce_TargetDeleted_NoPodsMatchedConditionSet()
    {
        var recommender = await LoopAsync(leader: true);
        for (int i = 0; i < 3; i++)
        {
            await recommender.RunOnceAsync(CancellationToken.None);
        }

        await _client.CoreV1.DeleteNamespacedPodAsync("web-a", "shop");
        await _client.CoreV1.DeleteNamespacedPodAsync("web-b", "shop");
        await Eventually(() => recommender.Cache.Pods.Get("shop", "web-a") is null && recommender.Cache.Pods.Get("shop", "web-b") is null ? "" : null);
        await recommender.RunOnceAsync(CancellationToken.None);

        var vpa = _cluster.Get<VerticalPodAutoscaler>(KubeResources.VerticalPodAutoscalers, "shop", "web")!;
        var noPods = Assert.Single(vpa.Status!.Conditions!, c => c.Type == "NoPodsMatched");
        Assert.Equal("True", noPods.Status);
        Assert.Contains("Deployment shop/web", noPods.Message, StringComparison.Ordinal);
        Assert.NotNull(vpa.Status.Recommendation); // history still speaks for the workload
    }

    [Fact]
    public async Task RunOnce_ModelDroppedAfterIdleTime_ItsWorkloadProfileDeletedOneItNeverWroteKept()
    {
        var clock = new OffsetClock();
        var recommender = await LoopAsync(leader: true, clock: clock, modelIdleTtl: TimeSpan.FromMinutes(1));
        // A profile this recommender did not write (no model of it here), updated within the idle time as the loop's
        // clock will see it below: not its to delete.
        _cluster.Server.Seed(KubeResources.WorkloadProfiles, StrayProfile("shop", "other", clock.GetUtcNow().AddMinutes(2)));
        for (int i = 0; i < 3; i++)
        {
            await recommender.RunOnceAsync(CancellationToken.None);
        }

        await Eventually(() => recommender.Cache.Profiles.Get("shop", "deployment-web-app"));

        _cluster.Sensor.Failing = true; // no new data from here on
        clock.Offset = TimeSpan.FromMinutes(2); // 2 min without data > the idle time of 1 min: the model goes
        var dropped = await recommender.RunOnceAsync(CancellationToken.None);
        var after = await recommender.RunOnceAsync(CancellationToken.None);

        Assert.DoesNotContain("shop/Deployment/web/app", recommender.Models.Workloads);
        Assert.Null(_cluster.Server.GetObject(KubeResources.WorkloadProfiles, "shop", "deployment-web-app"));
        Assert.NotNull(_cluster.Server.GetObject(KubeResources.WorkloadProfiles, "shop", "deployment-other-app"));
        var delete = Assert.Single(_cluster.Server.Requests, r => r.Resource == "workloadprofiles" && r.Verb == "delete");
        Assert.Equal(("shop", "deployment-web-app", "recommender", 200), (delete.Namespace, delete.Name, delete.User, delete.StatusCode));
        Assert.Equal(1, dropped.Sinks.Single(s => s.Sink == WorkloadProfileWriter.SinkName).Result.Writes); // the delete
        Assert.Equal(0, after.Sinks.Single(s => s.Sink == WorkloadProfileWriter.SinkName).Result.Writes); // nothing left to delete
        Assert.Contains(("ktruth.io", "workloadprofiles", "delete"), RenderedRbac.GrantedByRole().Values.SelectMany(t => t));
    }

    [Fact]
    public async Task RunOnce_ProfileNobodyKeeps_SweptOnceOlderThanTheIdleTime()
    {
        var clock = new OffsetClock();
        var recommender = await LoopAsync(leader: true, clock: clock, modelIdleTtl: TimeSpan.FromHours(1));
        var now = clock.GetUtcNow();

        // Left by a replica that led before, for workloads deleted meanwhile: no model of them here.
        _cluster.Server.Seed(KubeResources.WorkloadProfiles, StrayProfile("shop", "old", now.AddHours(-2)));
        _cluster.Server.Seed(KubeResources.WorkloadProfiles, StrayProfile("shop", "recent", now.AddMinutes(-30)));
        await Eventually(() => recommender.Cache.Profiles.Get("shop", "deployment-recent-app"));
        await Eventually(() => recommender.Cache.Profiles.Get("shop", "deployment-old-app"));

        await recommender.RunOnceAsync(CancellationToken.None);
        Assert.Null(_cluster.Server.GetObject(KubeResources.WorkloadProfiles, "shop", "deployment-old-app")); // 2 h > 1 h
        Assert.NotNull(_cluster.Server.GetObject(KubeResources.WorkloadProfiles, "shop", "deployment-recent-app"));

        // Within the sweep interval nothing is looked at again; past it, the recent one is 30 min + 40 min old: swept.
        clock.Offset = TimeSpan.FromMinutes(5);
        await recommender.RunOnceAsync(CancellationToken.None);
        Assert.NotNull(_cluster.Server.GetObject(KubeResources.WorkloadProfiles, "shop", "deployment-recent-app"));
        clock.Offset = TimeSpan.FromMinutes(40);
        await recommender.RunOnceAsync(CancellationToken.None);
        Assert.Null(_cluster.Server.GetObject(KubeResources.WorkloadProfiles, "shop", "deployment-recent-app"));

        // The workload it models keeps its profile, and only the two strays were deleted.
        Assert.NotNull(_cluster.Server.GetObject(KubeResources.WorkloadProfiles, "shop", "deployment-web-app"));
        Assert.Equal(["deployment-old-app", "deployment-recent-app"], _cluster.Server.Requests.Where(r => r.Resource == "workloadprofiles" && r.Verb == "delete").Select(r => r.Name));
    }

    /// <summary>
    /// One replica: the cluster's composition over the test server, its informers running and synced. The informers
    /// read as "recommender"; <paramref name="writer"/> is the client the sinks write with (another user, other retries).
    /// </summary>
    private async Task<ClusterLoop> LoopAsync(bool leader, IKubernetes? writer = null, ILeadership? leadership = null, TimeProvider? clock = null, TimeSpan? modelIdleTtl = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        if (clock is not null)
        {
            services.AddSingleton(clock);
        }

        services.AddSingleton(writer ?? _client);
        services.AddSingleton(leadership ?? new FixedLeadership(leader));
        services.AddSensorApi(TimeSpan.FromSeconds(5));
        services.AddKernelTruthCluster(
            new ClusterOptions { Namespace = ClusterFixture.Ns, SensorTimeout = TimeSpan.FromSeconds(5) },
            new RecommenderOptions { StateFile = Path.Combine(_dir, $"state-{_providers.Count}.json"), ModelIdleTtl = modelIdleTtl ?? RecommenderDefaults.ModelIdleTtl });
        var provider = services.BuildServiceProvider();
        _providers.Add(provider);
        var cache = provider.GetRequiredService<ClusterCache>();
        _informers.Add(cache.RunAsync(_stop.Token));
        await cache.WaitForSyncAsync(_stop.Token).WaitAsync(TimeSpan.FromSeconds(30));
        return new ClusterLoop(provider.GetRequiredService<RecommenderLoop>(), provider.GetRequiredService<RecommenderEngine>(), cache);
    }

    private sealed record ClusterLoop(RecommenderLoop Loop, RecommenderEngine Models, ClusterCache Cache)
    {
        public Task<LoopReport> RunOnceAsync(CancellationToken ct) => Loop.RunOnceAsync(ct);
    }

    /// <summary>A WorkloadProfile as another writer would have left it: metadata and spec, no status.</summary>
    private static JsonObject StrayProfile(string ns, string deployment, DateTimeOffset lastUpdated) => new()
    {
        ["apiVersion"] = WorkloadProfile.Resource.ApiVersion,
        ["kind"] = WorkloadProfile.Resource.Kind,
        ["metadata"] = new JsonObject { ["name"] = $"deployment-{deployment}-app", ["namespace"] = ns },
        ["spec"] = new JsonObject { ["targetRef"] = new JsonObject { ["apiVersion"] = "apps/v1", ["kind"] = "Deployment", ["name"] = deployment }, ["containerName"] = "app" },
        ["status"] = new JsonObject { ["lastUpdated"] = lastUpdated.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture) },
    };

    /// <summary>The system clock moved by <see cref="Offset"/>: the loop's "now" jumps, timers and timestamps stay real.</summary>
    private sealed class OffsetClock : TimeProvider
    {
        public TimeSpan Offset { get; set; }

        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;
    }

    private static async Task<T> Eventually<T>(Func<T?> probe)
        where T : class
    {
        for (int i = 0; i < 300; i++)
        {
            if (probe() is { } value)
            {
                return value;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("condition not reached in 30 s");
    }
}
