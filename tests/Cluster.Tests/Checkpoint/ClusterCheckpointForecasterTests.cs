using System.Text.Json.Nodes;
using KernelTruth.Cluster.Checkpoint;
using KernelTruth.Cluster.Tests.Controllers;
using KernelTruth.Cluster.Tests.Schema;
using k8s;
using KernelTruth.Recommender.Forecast;
using KernelTruth.Recommender.Logic;
using KernelTruth.Recommender.Tests.Forecast;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;
using static KernelTruth.Cluster.Tests.Checkpoint.CheckpointCluster;

namespace KernelTruth.Cluster.Tests.Checkpoint;

/// <summary>
/// The global demand forecaster and the per-workload forecast guards through WorkloadCheckpoints: one more object,
/// <see cref="CheckpointNaming.ForecasterName"/>, written when a fit lands, read by every replica at start. Engines:
/// web and db with 10 readings, their demand driven by <see cref="TrustedForecasts"/> to a trusted forecast.
/// </summary>
public sealed class ClusterCheckpointForecasterTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly DateTimeOffset SavedAt = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);
    private CheckpointCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await StartAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task SaveThenLoad_FittedAndTrusted_AnotherReplicaPublishesTheSameForecastAtTheNextMinute()
    {
        var running = await TrustedAsync();
        Assert.Equal(ForecastSources.Forecast, running.Forecast(Web)!.Source);
        await _cluster.Store("leader").SaveAsync(running.ToCheckpoint(SavedAt), CancellationToken.None);

        var loaded = await _cluster.Store("standby", new FixedLeadership(false)).LoadAsync(CancellationToken.None);
        var restored = Empty();
        restored.Restore(loaded!);
        TrustedForecasts.Resume(running, restored, Web, Db);

        var after = restored.Forecast(Web)!;
        Assert.Equal((ForecastSources.Forecast, null), (after.Source, after.Reason));
        Assert.Equal(running.Forecast(Web), after);
        Assert.Equal(running.Forecast(Db), restored.Forecast(Db));
        Assert.Equal([Web, Db], restored.Workloads); // the forecaster's object is no workload

        // One object holds the forecaster, valid under the CRD and within its bound; the guards ride on the workloads'.
        var stored = _cluster.Object(CheckpointNaming.ForecasterName)!;
        var errors = Schemas.WorkloadCheckpoint.Validate(stored);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        int bytes = System.Text.Encoding.UTF8.GetByteCount(stored.ToJsonString());
        output.WriteLine($"{CheckpointNaming.ForecasterName}: {bytes} bytes as stored, forecaster {loaded!.Forecaster!.Length} bytes");
        Assert.InRange(bytes, loaded.Forecaster.Length, ClusterCheckpointOptions.DefaultMaxForecasterBytes);
        Assert.All(_cluster.Objects(), o => Assert.Equal(20, o["spec"]!["forecastGuard"]!.GetValue<string>().Length)); // base64 of 13 bytes
    }

    [Fact]
    public async Task Save_NoNewFit_ForecasterWrittenOnceAndNotByAReplicaThatLoadedIt()
    {
        var running = await TrustedAsync();
        await _cluster.Store("leader").SaveAsync(running.ToCheckpoint(SavedAt), CancellationToken.None);
        var leader = _cluster.Store("leader");
        await leader.SaveAsync(running.ToCheckpoint(SavedAt.AddMinutes(1)), CancellationToken.None); // a new store: writes it once
        await leader.SaveAsync(running.ToCheckpoint(SavedAt.AddMinutes(2)), CancellationToken.None);

        var next = _cluster.Store("next-leader");
        var restored = Empty();
        restored.Restore((await next.LoadAsync(CancellationToken.None))!);
        await next.SaveAsync(restored.ToCheckpoint(SavedAt.AddMinutes(3)), CancellationToken.None);

        // A create names no object in its URL: the first save created three (web, db, the forecaster), nothing else did.
        Assert.Equal(3, _cluster.Server.Requests.Count(r => r.Verb == "create" && r.Resource == "workloadcheckpoints"));
        var updates = _cluster.Server.Requests.Where(r => r.Name == CheckpointNaming.ForecasterName && r.Verb == "update").Select(r => r.User).ToList();
        Assert.Equal(["leader"], updates); // the second store's first save; not its second, not next-leader's
        Assert.Equal(2, _cluster.Server.Requests.Count(r => r.Verb == "update" && r.User == "next-leader")); // web and db only

    }

    [Fact]
    public async Task Load_DamagedForecaster_ModelsRestoredForecastReactiveWithReason()
    {
        var running = await TrustedAsync();
        await _cluster.Store("leader").SaveAsync(running.ToCheckpoint(SavedAt), CancellationToken.None);
        var stored = _cluster.Object(CheckpointNaming.ForecasterName)!;
        byte[] damaged = Convert.FromBase64String(stored["spec"]!["forecaster"]!.GetValue<string>());
        damaged.AsSpan(damaged.Length / 2, 64).Clear();
        stored["spec"]!["forecaster"] = Convert.ToBase64String(damaged);
        await ReplaceAsync(stored);

        var loaded = await _cluster.Store("standby", new FixedLeadership(false)).LoadAsync(CancellationToken.None);
        var restored = Empty();
        restored.Restore(loaded!);
        TrustedForecasts.Resume(running, restored, Web, Db);

        Assert.Equal([Web, Db], restored.Workloads);
        Assert.Equal(running.Forecasts.Save(Web), restored.Forecasts.Save(Web));
        var f = restored.Forecast(Web)!;
        Assert.Equal(ForecastSources.Reactive, f.Source);
        Assert.Contains("the checkpoint's could not be loaded", f.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_DamagedGuard_ThatWorkloadsGuardStartsAfreshItsModelRestored()
    {
        var running = await TrustedAsync();
        await _cluster.Store("leader").SaveAsync(running.ToCheckpoint(SavedAt), CancellationToken.None);
        var web = _cluster.Object(CheckpointNaming.Name(Web))!;
        web["spec"]!["forecastGuard"] = Convert.ToBase64String(new byte[] { 9, 9, 9 });
        await ReplaceAsync(web);

        var loaded = await _cluster.Store("standby", new FixedLeadership(false)).LoadAsync(CancellationToken.None);
        var restored = Empty();
        restored.Restore(loaded!);
        TrustedForecasts.Resume(running, restored, Web, Db);

        Assert.Equal([Web, Db], restored.Workloads);
        Assert.Contains("forecasts have been checked", restored.Forecast(Web)!.Reason, StringComparison.Ordinal);
        Assert.Equal(ForecastSources.Forecast, restored.Forecast(Db)!.Source);
        Assert.Single(_cluster.Log.Lines, l => l.StartsWith($"WorkloadCheckpoint {CheckpointNaming.Name(Web)}: forecast guard cannot be used", StringComparison.Ordinal));
    }

    /// <summary>Someone edits an object behind the recommender's back.</summary>
    private async Task ReplaceAsync(JsonObject obj) =>
        await _cluster.Client("editor").CustomObjects.ReplaceNamespacedCustomObjectAsync(obj, "ktruth.io", "v1alpha1", Ns, "workloadcheckpoints", obj["metadata"]!["name"]!.GetValue<string>());

    private static async Task<RecommenderEngine> TrustedAsync()
    {
        var engine = Engine(readings: 10);
        await TrustedForecasts.DriveAsync(engine, Web, Db);
        return engine;
    }
}
