using KernelTruth.Contracts.Snapshot;
using KernelTruth.Models.Recommendations;
using KernelTruth.Recommender.Checkpoint;
using KernelTruth.Recommender.Configuration;
using KernelTruth.Recommender.Input;
using KernelTruth.Recommender.Logic;
using KernelTruth.Recommender.Output;
using KernelTruth.Recommender.Routines;
using KernelTruth.Recommender.Tests.Fakes;
using Microsoft.Extensions.Logging;
using static KernelTruth.Recommender.Tests.Input.SnapshotFactory;

namespace KernelTruth.Recommender.Tests.Routines;

/// <summary>
/// A crash is an engine dropped without a final save. Loops every 10 s, checkpoints every 60 s
/// (at 60, 120, 180 s …). The restarted loop reads the same scripted sensor onward.
/// </summary>
public sealed class RestartTests : IDisposable
{
    private static readonly RecommendationPolicy Policy = new();

    private readonly ManualTimeProvider _clock = new();
    private readonly ListLogger<RecommenderLoop> _log = new();
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>Crash right after loop k (at k × 10 s); the last checkpoint was at 120 s (loop 12).</summary>
    [Theory]
    [InlineData(12)] // crash right after the save: nothing lost
    [InlineData(13)]
    [InlineData(17)] // the worst case: 10 s before the next save
    public async Task Restart_AfterCrash_RecommendationsContinueFromLastCheckpoint(int crashAfter)
    {
        var first = Process();
        RecommendationSet atLastCheckpoint = RecommendationSet.Empty;
        for (int k = 0; k <= crashAfter; k++)
        {
            var report = await first.Loop.RunOnceAsync(CancellationToken.None);
            if (report[RoutinePhase.Checkpoint].Outcome == PhaseOutcome.Completed)
            {
                atLastCheckpoint = first.Store.Latest; // the fit of the same loop, same engine state
            }

            _clock.Advance(TimeSpan.FromSeconds(10));
        }

        long intervalsAtCrash = first.Engine.IntervalsOf("/y"); // readings 1 … crashAfter ended one each
        Assert.Equal(crashAfter, intervalsAtCrash);

        // Kill: drop the first process's engine, no final save. Start again on the same state file.
        var second = Process();
        var restored = await second.Loop.RestoreAsync(CancellationToken.None);

        Assert.Equal(2, restored.Workloads);
        Assert.Equal(ManualTimeProvider.Start.AddSeconds(120), restored.SavedAt);
        Assert.Equal(atLastCheckpoint.At, restored.SavedAt);

        // 1. What the first process said at its last checkpoint, to the bit.
        Assert.Equal(RecommendationJson.Of(atLastCheckpoint.Recommendations), RecommendationJson.Of(second.Engine.Recommend(Policy, atLastCheckpoint.At!.Value)));

        // 2. At most one checkpoint interval of intervals lost: 60 s / 10 s = 6 intervals.
        long lost = intervalsAtCrash - second.Engine.IntervalsOf("/y");
        Assert.Equal(crashAfter - 12, lost);
        Assert.InRange(lost, 0, 6);
    }

    [Fact]
    public async Task Restart_SameSubsequentInput_SameRecommendedCpuAsTheProcessThatNeverCrashed()
    {
        // Twin runs on the same sensor: one never crashes, one crashes after loop 15 (3 intervals
        // after the 120 s checkpoint) and restarts at loop 16.
        var survivor = Process();
        var crashed = Process(stateFile: _dir.File("crashed.json"));
        for (int k = 0; k <= 15; k++)
        {
            await survivor.Loop.RunOnceAsync(CancellationToken.None);
            await crashed.Loop.RunOnceAsync(CancellationToken.None);
            _clock.Advance(TimeSpan.FromSeconds(10));
        }

        var restarted = Process(stateFile: _dir.File("crashed.json"));
        await restarted.Loop.RestoreAsync(CancellationToken.None);
        for (int k = 16; k <= 30; k++)
        {
            await survivor.Loop.RunOnceAsync(CancellationToken.None);
            await restarted.Loop.RunOnceAsync(CancellationToken.None);
            _clock.Advance(TimeSpan.FromSeconds(10));
        }

        // The survivor holds 30 intervals of /y; the restarted one lost readings 13–15 and used 16
        // as its new baseline: 30 − 4 = 26. It has been publishing since its first loop.
        Assert.Equal(30, survivor.Engine.IntervalsOf("/y"));
        Assert.Equal(26, restarted.Engine.IntervalsOf("/y"));
        Assert.Equal(["/x", "/y"], restarted.Store.Latest.Recommendations.Select(r => r.Workload));

        // The load is steady, so four missing intervals of the same shape do not move any CPU
        // figure: request, limit and bounds come from the same demand buckets.
        var now = _clock.GetUtcNow();
        Assert.Equal(
            survivor.Engine.Recommend(Policy, now).Select(r => (r.Workload, r.Recommendation!.Cpu)),
            restarted.Engine.Recommend(Policy, now).Select(r => (r.Workload, r.Recommendation!.Cpu)));
    }

    [Fact]
    public async Task RestoreAsync_NoFile_FreshStartLogged()
    {
        var process = Process();

        var result = await process.Loop.RestoreAsync(CancellationToken.None);

        Assert.True(result.FreshStart);
        Assert.Single(_log.Inner.Matching(LogLevel.Information, $"Nothing to restore from state file '{_dir.File("state.json")}'", "starting with no history"));
    }

    [Theory]
    [InlineData("garbage", "is not a kernel-truth checkpoint")]
    [InlineData("{\"version\":7,\"savedAt\":\"2025-11-21T05:20:00+00:00\",\"workloads\":[]}", "has checkpoint version 7, this build reads version 1")]
    public async Task RestoreAsync_CorruptOrWrongVersion_StopsStartUpSayingWhatToDoFileKept(string content, string problem)
    {
        string path = _dir.File("state.json");
        File.WriteAllText(path, content);
        var process = Process();

        var error = await Assert.ThrowsAsync<StateFileException>(() => process.Loop.RestoreAsync(CancellationToken.None));

        Assert.Equal(path, error.StateFile);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.Contains($"move it away (mv '{path}' '{path}.bad') to start with no history", error.Message, StringComparison.Ordinal);
        Assert.Equal(content, File.ReadAllText(path)); // not discarded, not rewritten
    }

    [Fact]
    public async Task RestoreAsync_ModelOfAnotherVersion_StopsStartUpNamingWorkloadAndFile()
    {
        var first = Process();
        for (int k = 0; k <= 6; k++)
        {
            await first.Loop.RunOnceAsync(CancellationToken.None);
            _clock.Advance(TimeSpan.FromSeconds(10));
        }

        string path = _dir.File("state.json");
        var saved = CheckpointFile.Load(path)!;
        CheckpointFile.Save(path, saved with { Workloads = [.. saved.Workloads.Select(w => w.Workload == "/y" ? w with { Model = w.Model with { Version = 5 } } : w)] });

        var error = await Assert.ThrowsAsync<StateFileException>(() => Process().Loop.RestoreAsync(CancellationToken.None));

        Assert.Contains("workload '/y' in the checkpoint cannot be restored: workload model checkpoint version 5 is not supported", error.Message, StringComparison.Ordinal);
        Assert.Contains($"state file '{path}' saved at", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restart_DemandHistoriesTravelInTheCheckpoint_ThoseWithoutLoadToo()
    {
        // Loops 0 … 24 (240 s): the checkpoint of loop 24 holds every minute handed on by then (minutes 0 and 1 of 4).
        var first = Process();
        for (int k = 0; k <= 24; k++)
        {
            await first.Loop.RunOnceAsync(CancellationToken.None);
            _clock.Advance(TimeSpan.FromSeconds(10));
        }

        byte[] saved = first.Engine.Forecasts.Save("/y")!;
        Assert.NotNull(first.Engine.Forecast("/y")); // a minute was handed on: something is published
        Assert.Equal(ForecastSourcesReactive, first.Engine.Forecast("/y")!.Source); // minutes, not a week

        var second = Process();
        await second.Loop.RestoreAsync(CancellationToken.None);
        Assert.Equal(saved, second.Engine.Forecasts.Save("/y"));
        Assert.Equal(2, second.Engine.Forecasts.Count);

        // A checkpoint from before histories were kept (the same file without them) restores the models, no history.
        var old = first.Engine.ToCheckpoint(_clock.GetUtcNow());
        CheckpointFile.Save(_dir.File("old.json"), old with { Workloads = [.. old.Workloads.Select(w => w with { DemandHistory = null })] });
        var third = Process(stateFile: _dir.File("old.json"));
        Assert.Equal(2, (await third.Loop.RestoreAsync(CancellationToken.None)).Workloads);
        Assert.Equal(0, third.Engine.Forecasts.Count);
    }

    private const string ForecastSourcesReactive = Recommender.Forecast.ForecastSources.Reactive;

    private static NodeSnapshot Good(int k) => Node(At(k), Steady(k, 42, "/x"), Steady(k, 43, "/y", load: 2));

    /// <summary>One "process": its own engine, store and loop over the shared scripted sensor and clock.</summary>
    private (RecommenderEngine Engine, RecommendationStore Store, RecommenderLoop Loop) Process(string? stateFile = null)
    {
        // The sensor's k-th answer is reading k of the run, whoever asks: readings follow the clock.
        var source = new ScriptedSource("node-1", _ => Good((int)(_clock.GetTimestamp() / TimeSpan.TicksPerSecond / 10)));
        var engine = new RecommenderEngine(_log.Inner);
        var store = new RecommendationStore();
        var options = new RecommenderOptions { StateFile = stateFile ?? _dir.File("state.json") };
        return (engine, store, new RecommenderLoop(engine, new SnapshotSourceList([source]), [], new StateFileCheckpointStore(options.StateFile), store, options, _clock, _log));
    }
}
