using k8s;
using KernelTruth.Cluster.Configuration;
using KernelTruth.Cluster.Controllers;
using KernelTruth.Cluster.Hosting;
using KernelTruth.Cluster.Input;
using KernelTruth.Cluster.Profiles;
using KernelTruth.Cluster.Vpa;
using KernelTruth.Contracts.Snapshot;
using KernelTruth.Contracts.Units;
using KernelTruth.Kube.TestServer;
using KernelTruth.Kubernetes.Election;
using KernelTruth.Kubernetes.Resources;
using KernelTruth.Models.Recommendations;
using KernelTruth.Models.Startup;
using KernelTruth.Models.Throttling;
using KernelTruth.Recommender.Configuration;
using KernelTruth.Recommender.Forecast;
using KernelTruth.Recommender.Input;
using KernelTruth.Recommender.Logic;
using KernelTruth.Recommender.Output;
using KernelTruth.Recommender.Routines;
using KernelTruth.Simulations.Replay;
using Microsoft.Extensions.DependencyInjection;

namespace KernelTruth.Cluster.Tests.Controllers;

/// <summary>
/// <see cref="WorkloadProfileWriter"/>'s refresh (<see cref="ClusterOptions.ProfileRefresh"/>) through the cluster's
/// loop against the in-process API server: the fake sensor's intervals move the measured numbers and the evidence
/// counts every loop, the loop's clock steps 10 s per loop, and the server's request log counts the writes. A profile
/// is one status patch per write (plus one create the first time).
/// </summary>
public sealed class WorkloadProfileRefreshTests : IAsyncLifetime
{
    private const string Profile = "deployment-web-app";
    private static readonly TimeSpan Loop = TimeSpan.FromSeconds(10);

    private readonly string _dir = Directory.CreateTempSubdirectory("ktruth-profile-refresh-").FullName;
    private readonly CancellationTokenSource _stop = new();
    private readonly StepClock _clock = new();
    private ServiceProvider? _provider;
    private Task _informers = Task.CompletedTask;
    private ClusterFixture _cluster = null!;
    private IKubernetes _client = null!;

    public async Task InitializeAsync()
    {
        _cluster = await ClusterFixture.StartAsync(withVpa: false);
        _client = _cluster.Client("recommender");
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        await _informers.ContinueWith(_ => { }, TaskScheduler.Default);
        if (_provider is not null)
        {
            await _provider.DisposeAsync();
        }

        _client.Dispose();
        await _cluster.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task WriteAsync_UsageMovesEveryLoop_OneWriteThenNoneUntilTheRefreshThenOne()
    {
        var loop = await LoopAsync(TimeSpan.FromMinutes(1));
        await StepAsync(loop); // the sensor's first reading is a baseline: no model, no profile yet
        var first = Profiles(await StepAsync(loop));
        Assert.Equal((1, 1), (first.Writes, StatusWrites()));

        // The first two minutes move the recommendation itself (the first finished minute replaces per-period demand at
        // loop 7, the forecast turns up reactive at loop 13): those are written at once. Past them only the numbers move.
        for (int i = 0; i < 14; i++)
        {
            await StepAsync(loop);
        }

        // Wait for the next write (a refresh, at most 6 loops away), then count from it.
        for (int i = 0; i < 6 && Profiles(loop.Last!).Writes == 0; i++)
        {
            await StepAsync(loop);
        }

        Assert.Equal(1, Profiles(loop.Last!).Writes);
        int writes = StatusWrites();
        string acted = Key();

        // 10 s … 50 s after that write: every loop's status differs (more intervals, so Deferred), none is written.
        for (int i = 1; i <= 5; i++)
        {
            var held = Profiles(await StepAsync(loop));
            Assert.Equal((0, 1), (held.Writes, held.Deferred));
        }

        // 60 s after it: the refresh is due and the whole current status goes out; then held back again.
        var refreshed = Profiles(await StepAsync(loop));
        var stored = Stored()!;
        var after = Profiles(await StepAsync(loop));

        Assert.Equal(acted, Key()); // nothing a reader acts on changed in these 7 loops
        Assert.Equal((1, 0), (refreshed.Writes, refreshed.Deferred));
        Assert.Equal(writes + 1, StatusWrites());
        Assert.Equal(Conditions.Rfc3339(_clock.GetUtcNow() - Loop), stored.Status!.LastUpdated); // the refresh loop's time
        Assert.Equal((0, 1), (after.Writes, after.Deferred));
    }

    [Fact]
    public async Task WriteAsync_RefreshZero_EveryChangeWritten()
    {
        var loop = await LoopAsync(TimeSpan.Zero);
        await StepAsync(loop);
        for (int i = 0; i < 6; i++)
        {
            Assert.Equal((1, 0), (Profiles(await StepAsync(loop)).Writes, Profiles(loop.Last!).Deferred));
        }

        Assert.Equal(6, StatusWrites()); // 6 loops with new intervals, 6 writes: the behaviour before the refresh
    }

    [Fact]
    public async Task WriteAsync_RecommendationChanges_WrittenAtOnce()
    {
        var loop = await LoopAsync(TimeSpan.FromMinutes(5));
        await StepAsync(loop);
        await StepAsync(loop); // written (first)
        var models = new SteeredModels(loop.Models);
        var held = Profiles(await StepAsync(loop)); // new intervals, the same recommendation
        int before = StatusWrites();

        models.RequestFactor = 2; // the model's CPU request doubled: what a VPA or an operator applies
        var changed = await loop.WriteProfilesAsync(_clock.Step(Loop), models);

        Assert.Equal((0, 1), (held.Writes, held.Deferred)); // 10 s after the first write, only numbers moved: held back
        Assert.Equal((1, before + 1), (changed.Writes, StatusWrites()));
        var expected = loop.Models.Recommend("shop/Deployment/web/app", new VpaOptions().Policy with { LimitRequestRatio = 2.0 }, _clock.GetUtcNow())!;
        Assert.Equal(Quantity.FormatCpu(expected.Cpu.RequestCores * 2), Stored()!.Status!.Recommendation!.CpuRequest);
    }

    [Fact]
    public async Task WriteAsync_ForecastTurnsTrusted_WrittenAtOnceItsValueAloneWaits()
    {
        var loop = await LoopAsync(TimeSpan.FromMinutes(5));
        await StepAsync(loop);
        await StepAsync(loop);
        var models = new SteeredModels(loop.Models) { Forecast = Reactive(0.30) };
        await loop.WriteProfilesAsync(_clock.Step(Loop), models); // a reactive forecast: written if the models had none
        int before = StatusWrites();

        models.Forecast = Reactive(0.31); // the value moves: waits
        var moved = await loop.WriteProfilesAsync(_clock.Step(Loop), models);
        models.Forecast = Reactive(0.31) with { Source = ForecastSources.Forecast, Reason = null, PredictedCores = 0.31 }; // trusted now: the HPA follows it
        var trusted = await loop.WriteProfilesAsync(_clock.Step(Loop), models);

        Assert.Equal((0, 1), (moved.Writes, moved.Deferred));
        Assert.Equal(1, trusted.Writes);
        Assert.Equal(before + 1, StatusWrites());
        Assert.Equal((ForecastSources.Forecast, 0.31), (Stored()!.Status!.Forecast!.Source, Stored()!.Status!.Forecast!.CpuDemandCores));
    }

    [Fact]
    public async Task WriteAsync_ProfileDeletedBehindOurBack_CreatedAgainAtOnce()
    {
        var loop = await LoopAsync(TimeSpan.FromMinutes(5));
        await StepAsync(loop);
        await StepAsync(loop);
        await Wait.For(() => loop.Cache.Profiles.Get("shop", Profile) is not null, "the cache to hold the profile");

        await _client.CustomObjects.DeleteNamespacedCustomObjectAsync(WorkloadProfile.Resource.Group, WorkloadProfile.Resource.Version, "shop", WorkloadProfile.Resource.Plural, Profile);
        await Wait.For(() => loop.Cache.Profiles.Get("shop", Profile) is null, "the cache to see the profile deleted");
        var again = Profiles(await StepAsync(loop)); // 10 s after the last write, well inside the refresh

        Assert.Equal(1, again.Writes);
        Assert.Equal(2, _cluster.Server.Requests.Count(r => r.Resource == "workloadprofiles" && r.Verb == "create" && r.StatusCode < 300));
        Assert.NotNull(Stored()?.Status);
    }

    [Fact]
    public async Task WriteAsync_RefreshWriteFails_WrittenTheNextLoop()
    {
        var loop = await LoopAsync(TimeSpan.FromSeconds(30));
        await StepAsync(loop);
        await StepAsync(loop); // written
        await StepAsync(loop);
        await StepAsync(loop); // 20 s: held back

        _cluster.Server.Authorize = r => !(r.Resource == "workloadprofiles" && r.Verb == "patch");
        var failed = Profiles(await StepAsync(loop)); // 30 s: due, refused
        _cluster.Server.Authorize = _ => true;
        var retried = Profiles(await StepAsync(loop)); // 40 s: the refresh is still owed

        Assert.Equal((0, 1), (failed.Writes, failed.Errors));
        Assert.Equal((1, 0), (retried.Writes, retried.Errors));
        Assert.Equal(2, StatusWrites());
    }

    [Fact]
    public async Task WriteAsync_NothingNewThenRecommendationChanges_OurStatusSerialisedOnceALoopTheCachesOnlyWhenItMoved()
    {
        var loop = await LoopAsync(TimeSpan.FromMinutes(5));
        await StepAsync(loop);
        await StepAsync(loop); // written (first)
        await Wait.For(() => loop.Cache.Profiles.Get("shop", Profile)?.Status is not null, "the cache to hold the status written");
        var writer = (WorkloadProfileWriter)((LeaderOnlySink)loop.ProfileSink).Inner;
        var models = new SteeredModels(loop.Models);
        await loop.WriteProfilesAsync(_clock.Step(Loop), models); // the cache's new version: serialised once

        long before = writer.Serialised;
        var same = await loop.WriteProfilesAsync(_clock.Step(Loop), models);
        long whenSame = writer.Serialised - before;
        models.RequestFactor = 2;
        var changed = await loop.WriteProfilesAsync(_clock.Step(Loop), models);
        long whenWritten = writer.Serialised - before - whenSame;

        Assert.Equal((0, 1), (same.Writes, changed.Writes));
        Assert.Equal(1, whenSame); // ours; the cached one has the version the last loop saw
        Assert.Equal(1, whenWritten); // ours, once for the gate and the patch; was 4 with the cache's and a second and third of ours
        Assert.Equal(Quantity.FormatCpu(loop.Models.Recommend("shop/Deployment/web/app", new VpaOptions().Policy with { LimitRequestRatio = 2.0 }, _clock.GetUtcNow())!.Cpu.RequestCores * 2), Stored()!.Status!.Recommendation!.CpuRequest);
    }

    /// <summary>Moves the loop's clock one interval on and runs one loop.</summary>
    private async Task<LoopReport> StepAsync(ProfileLoop loop)
    {
        _clock.Step(Loop);
        loop.Last = await loop.Loop.RunOnceAsync(CancellationToken.None);
        return loop.Last;
    }

    private static SinkResult Profiles(LoopReport report) => report.Sinks.Single(s => s.Sink == WorkloadProfileWriter.SinkName).Result;

    private int StatusWrites() => _cluster.Server.Requests.Count(r => r.Resource == "workloadprofiles" && r.Verb == "patch" && r.StatusCode < 300);

    private string Key() => ActionableStatus.Key(Stored()!.Status!);

    private WorkloadProfile? Stored() => _cluster.Get<WorkloadProfile>(KubeResources.WorkloadProfiles, "shop", Profile);

    private static DemandForecast Reactive(double cores) => new(cores, ForecastSources.Reactive, "history too short", 75, cores, DateTimeOffset.UnixEpoch);

    /// <summary>The cluster's composition over the test server with the given profile refresh, on the stepped clock, as the Lease holder.</summary>
    private async Task<ProfileLoop> LoopAsync(TimeSpan refresh)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(_clock);
        services.AddSingleton(_client);
        services.AddSingleton<ILeadership>(new FixedLeadership(true));
        services.AddSensorApi(TimeSpan.FromSeconds(5));
        services.AddKernelTruthCluster(
            new ClusterOptions { Namespace = ClusterFixture.Ns, SensorTimeout = TimeSpan.FromSeconds(5), ProfileRefresh = refresh },
            new RecommenderOptions { StateFile = Path.Combine(_dir, "state.json") });
        _provider = services.BuildServiceProvider();
        var cache = _provider.GetRequiredService<ClusterCache>();
        _informers = cache.RunAsync(_stop.Token);
        await cache.WaitForSyncAsync(_stop.Token).WaitAsync(TimeSpan.FromSeconds(30));
        var sink = _provider.GetServices<ILoopSink>().Single(s => s.Name == WorkloadProfileWriter.SinkName);
        return new ProfileLoop(_provider.GetRequiredService<RecommenderLoop>(), _provider.GetRequiredService<RecommenderEngine>(), cache, sink);
    }

    private sealed record ProfileLoop(RecommenderLoop Loop, RecommenderEngine Models, ClusterCache Cache, ILoopSink ProfileSink)
    {
        public LoopReport? Last { get; set; }

        /// <summary>The profile writer alone, at <paramref name="at"/>, reading <paramref name="models"/>: an output phase with a recommendation or forecast of the test's choosing.</summary>
        public Task<SinkResult> WriteProfilesAsync(DateTimeOffset at, IModelView models) =>
            ProfileSink.WriteAsync(new LoopOutput(at, [], RecommendationSet.Empty, ActivitySet.Empty, models), CancellationToken.None);
    }

    /// <summary>The real models, with the CPU request scaled by <see cref="RequestFactor"/> and the forecast replaced when <see cref="Forecast"/> is set.</summary>
    private sealed class SteeredModels(IModelView models) : IModelView
    {
        public double RequestFactor { get; set; } = 1;

        public DemandForecast? Forecast { get; set; }

        public IReadOnlyCollection<string> Workloads => models.Workloads;

        public long IntervalsOf(string workload) => models.IntervalsOf(workload);

        public Recommendation? Recommend(string workload, RecommendationPolicy policy, DateTimeOffset now) =>
            models.Recommend(workload, policy, now) is { } r ? r with { Cpu = r.Cpu with { RequestCores = r.Cpu.RequestCores * RequestFactor } } : null;

        public LimitPrediction? PredictedEffect(string workload, Recommendation recommendation) => models.PredictedEffect(workload, recommendation);

        public double? DemandCores(string workload, double p) => models.DemandCores(workload, p);

        public StartupSummary? Startup(string workload) => models.Startup(workload);

        DemandForecast? IModelView.Forecast(string workload) => Forecast ?? models.Forecast(workload);

        public string? WorkloadOf(CgroupSnapshot cgroup) => models.WorkloadOf(cgroup);
    }

    /// <summary>A clock that stands still until <see cref="Step"/> moves it: the loop's "now" is exactly 10 s a loop on (timers stay real).</summary>
    private sealed class StepClock : TimeProvider
    {
        private readonly DateTimeOffset _start = System.GetUtcNow();
        private TimeSpan _offset;

        public DateTimeOffset Step(TimeSpan by)
        {
            _offset += by;
            return GetUtcNow();
        }

        public override DateTimeOffset GetUtcNow() => _start + _offset;
    }
}
