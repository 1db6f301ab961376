using KernelTruth.Models.Recommendations;
using KernelTruth.Recommender.Checkpoint;
using KernelTruth.Recommender.Forecast;
using KernelTruth.Recommender.Logic;
using KernelTruth.Recommender.Tests.Fakes;
using KernelTruth.Recommender.Tests.Forecast;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using static KernelTruth.Recommender.Tests.Input.SnapshotFactory;

namespace KernelTruth.Recommender.Tests.Checkpoint;

/// <summary>
/// The fitted demand forecaster and the forecast guards through the state file: a restart publishes the forecast it
/// published before at the next finished minute, instead of the reactive value until the next fit (hours for few
/// workloads) and 30 more checked forecasts. Engines: /x and /y fed six readings, then <see cref="TrustedForecasts"/>.
/// </summary>
public sealed class CheckpointForecasterTests : IDisposable
{
    private static readonly DateTimeOffset Now = ManualTimeProvider.Start.AddMinutes(2);

    private readonly TempDirectory _dir = new();

    private string Path => _dir.File("state.bin");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task SaveLoadRestore_FittedAndTrusted_SameForecastPublishedAtTheNextMinute()
    {
        var running = await TrustedAsync();
        Assert.Equal(ForecastSources.Forecast, running.Forecast("/x")!.Source);

        CheckpointFile.Save(Path, running.ToCheckpoint(Now));
        var restored = new RecommenderEngine(NullLogger.Instance);
        restored.Restore(CheckpointFile.Load(Path)!);
        TrustedForecasts.Resume(running, restored, "/x", "/y");

        var before = running.Forecast("/x")!;
        var after = restored.Forecast("/x")!;
        Assert.Equal((ForecastSources.Forecast, null), (after.Source, after.Reason));
        Assert.Equal(before, after); // the same value, prediction, horizon and minute
        Assert.Equal(running.Forecast("/y"), restored.Forecast("/y"));
    }

    [Fact]
    public async Task SaveLoad_FittedForecaster_SectionsThreeAndFourAfterTheHistoriesAndTheSameBytesBack()
    {
        var running = await TrustedAsync();
        var checkpoint = running.ToCheckpoint(Now);
        var withoutForecasts = checkpoint with { Forecaster = null, Workloads = [.. checkpoint.Workloads.Select(w => w with { ForecastGuard = null })] };
        CheckpointFile.Save(Path, withoutForecasts);
        byte[] older = File.ReadAllBytes(Path);

        CheckpointFile.Save(Path, checkpoint);
        byte[] bytes = File.ReadAllBytes(Path);
        var loaded = CheckpointFile.Load(Path)!;

        // What a build before this one wrote is the file's start: the new sections only follow it.
        Assert.Equal(older, bytes[..older.Length]);
        Assert.Equal(CheckpointBinaryWriter.ForecasterTag, bytes[older.Length]);
        Assert.Equal(checkpoint.Forecaster, loaded.Forecaster);
        Assert.Equal(checkpoint.Workloads.Select(w => w.ForecastGuard), loaded.Workloads.Select(w => w.ForecastGuard));
        Assert.All(loaded.Workloads, w => Assert.Equal(KernelTruth.Simulations.Forecast.ForecastGuard.SavedBytes, w.ForecastGuard!.Length));
    }

    [Fact]
    public async Task Restore_DamagedForecaster_ModelsRestoredForecastReactiveWithReasonLoggedOnce()
    {
        var running = await TrustedAsync();
        var checkpoint = running.ToCheckpoint(Now);
        byte[] damaged = [.. checkpoint.Forecaster!];
        damaged.AsSpan(damaged.Length / 2, 64).Clear(); // inside ML.NET's zip
        CheckpointFile.Save(Path, checkpoint with { Forecaster = damaged });
        var log = new ListLogger();
        var restored = new RecommenderEngine(log);

        restored.Restore(CheckpointFile.Load(Path)!);
        TrustedForecasts.Resume(running, restored, "/x", "/y");

        var policy = new RecommendationPolicy();
        Assert.Equal(RecommendationJson.Of(running.Recommend(policy, Now)), RecommendationJson.Of(restored.Recommend(policy, Now)));
        var f = restored.Forecast("/x")!;
        Assert.Equal(ForecastSources.Reactive, f.Source);
        Assert.Contains("the checkpoint's could not be loaded", f.Reason, StringComparison.Ordinal);
        Assert.Single(log.Matching(LogLevel.Warning, "demand forecaster", "cannot be used"));
        Assert.False(restored.Forecasts.Fitted);
    }

    [Fact]
    public async Task Restore_CheckpointWithoutForecasterOrGuards_LoadsAndWaitsForAFitAsBefore()
    {
        var running = await TrustedAsync();
        var checkpoint = running.ToCheckpoint(Now);
        CheckpointFile.Save(Path, checkpoint with { Forecaster = null, Workloads = [.. checkpoint.Workloads.Select(w => w with { ForecastGuard = null })] });
        var restored = new RecommenderEngine(NullLogger.Instance);

        restored.Restore(CheckpointFile.Load(Path)!);
        TrustedForecasts.Resume(running, restored, "/x", "/y");

        Assert.Equal(2, restored.Workloads.Count);
        Assert.Equal(running.Forecasts.Save("/x"), restored.Forecasts.Save("/x")!);
        Assert.Contains("no forecaster fitted yet", restored.Forecast("/x")!.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ForecasterSectionTwice_RefusedNamingThePath()
    {
        // The file does not judge the model's bytes (the engine asks ML.NET); it does refuse a section it cannot place.
        var engine = new RecommenderEngine(NullLogger.Instance);
        engine.Ingest(Node(At(0), Steady(0, 42, "/x")));
        engine.Ingest(Node(At(1), Steady(1, 42, "/x")));
        CheckpointFile.Save(Path, engine.ToCheckpoint(Now) with { Forecaster = [1, 2, 3] });
        Assert.Equal([1, 2, 3], CheckpointFile.Load(Path)!.Forecaster);
        File.AppendAllBytes(Path, [CheckpointBinaryWriter.ForecasterTag, 3, 1, 2, 3]);

        var error = Assert.Throws<InvalidDataException>(() => CheckpointFile.Load(Path));

        Assert.Contains($"'{Path}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("forecaster section is damaged (3 bytes, a second time)", error.Message, StringComparison.Ordinal);
    }

    private static async Task<RecommenderEngine> TrustedAsync()
    {
        var engine = new RecommenderEngine(NullLogger.Instance);
        for (int k = 0; k < 6; k++)
        {
            engine.Ingest(Node(At(k), Steady(k, 42, "/x"), Steady(k, 43, "/y", load: 2)));
        }

        await TrustedForecasts.DriveAsync(engine, "/x", "/y");
        return engine;
    }
}
