using System.Text.Json;
using KernelTruth.Contracts.Snapshot;
using KernelTruth.Contracts.Sources;
using KernelTruth.Recommender.Checkpoint;
using KernelTruth.Recommender.Configuration;
using KernelTruth.Recommender.Hosting;
using KernelTruth.Recommender.Input;
using KernelTruth.Recommender.Output;
using KernelTruth.Recommender.Routines;
using KernelTruth.Recommender.Tests.Fakes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;
using static KernelTruth.Recommender.Tests.Input.SnapshotFactory;

namespace KernelTruth.Recommender.Tests.Hosting;

/// <summary>The service as a host runs it: DI registration, Quartz jobs, start-up restore, stop-time save, HTTP sensors.</summary>
public sealed class RecommenderHostTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private string StateFile => _dir.File("state.json");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void AddKernelTruthRecommender_InvalidOptions_ThrowsWithEveryError()
    {
        var options = new RecommenderOptions { IngestInterval = TimeSpan.Zero, SensorUrls = ["node-1"] };

        var error = Assert.Throws<RecommenderConfigurationException>(() => new ServiceCollection().AddKernelTruthRecommender(options));

        Assert.Equal(2, error.Errors.Count);
    }

    [Fact]
    public async Task Host_QuartzJob_LoopRunsAndStopSaves()
    {
        var source = new ScriptedSource("node-1", Good);
        using var host = Host(source, Fast());

        await host.StartAsync();
        var scheduler = await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        Assert.Equal([new JobKey("kernel-truth-loop")], await scheduler.GetJobKeys(GroupMatcher<JobKey>.AnyGroup()));

        var store = host.Services.GetRequiredService<IRecommendationStore>();
        var set = await Eventually.WaitFor(() => store.Latest.Recommendations.Count(r => r.Recommendation is not null) == 2 ? store.Latest : null, "a fit with both workloads");
        Assert.Equal(["/x", "/y"], set.Recommendations.Select(r => r.Workload));
        await Eventually.WaitFor(() => File.Exists(StateFile), "the loop's first checkpoint");
        var health = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        Assert.Equal(HealthStatus.Healthy, health.Status);

        await host.StopAsync();
        int readsAtStop = source.Reads;

        // The stop-time save holds every interval ingested: one per read after the first, less at
        // most one read whose ingest the shutdown cancelled between reading and feeding the engine.
        var restored = new KernelTruth.Recommender.Logic.RecommenderEngine(Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        restored.Restore(CheckpointFile.Load(StateFile)!);
        Assert.InRange(restored.IntervalsOf("/y"), readsAtStop - 2, readsAtStop - 1);
    }

    [Fact]
    public async Task Host_CorruptStateFile_StartFailsWithWhatToDoAndNoJobRuns()
    {
        File.WriteAllText(StateFile, "{\"version\":1,");
        var source = new ScriptedSource("node-1", Good);
        using var host = Host(source, Fast());

        var error = await Assert.ThrowsAsync<StateFileException>(() => host.StartAsync());

        Assert.Contains($"mv '{StateFile}' '{StateFile}.bad'", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, source.Reads);
        Assert.Equal("{\"version\":1,", File.ReadAllText(StateFile));
    }

    [Fact]
    public async Task Host_NoSensor_StartFailsNamingTheSetting()
    {
        using var host = Host(source: null, Fast());

        var error = await Assert.ThrowsAsync<RecommenderConfigurationException>(() => host.StartAsync());

        Assert.Contains("no snapshot source: set SensorUrls", Assert.Single(error.Errors), StringComparison.Ordinal);
        Assert.False(File.Exists(StateFile));
    }

    [Fact]
    public async Task SensorUrls_RealHttpSensorOnLoopback_TypedClientReadsAndBadUrlIsItsOwnError()
    {
        // A stand-in sensor on a loopback port serving the contract's JSON: reading k on request k.
        int requests = 0;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        await using var sensor = builder.Build();
        sensor.MapGet("/v1/snapshot", () => Results.Text(JsonSerializer.Serialize(Good(Interlocked.Increment(ref requests) - 1), SnapshotJsonContext.Default.NodeSnapshot), "application/json"));
        await sensor.StartAsync();
        string address = sensor.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();

        // Default 10 s intervals and timeout: nothing is scheduled here, and a first request that
        // pays for JIT and connection set-up on a loaded machine must not time out.
        var options = new RecommenderOptions { StateFile = StateFile, SensorUrls = [address, address + "/nothing-here"], SensorTimeout = TimeSpan.FromSeconds(10) };
        var services = new ServiceCollection().AddLogging().AddKernelTruthRecommender(options);
        await using var provider = services.BuildServiceProvider();
        var loop = provider.GetRequiredService<RecommenderLoop>();

        await loop.RunOnceAsync(CancellationToken.None);
        var second = (await loop.RunOnceAsync(CancellationToken.None))[RoutinePhase.Ingest];

        Assert.Equal(PhaseOutcome.Failed, second.Outcome);
        Assert.Equal($"sensor {address}/nothing-here/v1/snapshot answered 404 Not Found", second.Problem);
        Assert.Equal(["/y", "/x"], provider.GetRequiredService<IRecommendationStore>().LatestActivity.Workloads.Select(a => a.Workload)); // busiest first
        Assert.Equal(2, requests);
    }

    private static NodeSnapshot Good(int k) => Node(At(k), Steady(k, 42, "/x"), Steady(k, 43, "/y", load: 2));

    /// <summary>Every routine once a second: the shortest the options allow, so a test sees several.</summary>
    private RecommenderOptions Fast() => new()
    {
        IngestInterval = TimeSpan.FromSeconds(1),
        FitInterval = TimeSpan.FromSeconds(1),
        CheckpointInterval = TimeSpan.FromSeconds(1),
        SensorTimeout = TimeSpan.FromSeconds(1),
        StateFile = StateFile,
    };

    private static IHost Host(ISnapshotSource? source, RecommenderOptions options)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        if (source is not null)
        {
            builder.Services.AddSingleton(source);
        }

        builder.Services.AddKernelTruthRecommender(options);
        return builder.Build();
    }
}
