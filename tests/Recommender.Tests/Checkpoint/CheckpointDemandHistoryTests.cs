using KernelTruth.Recommender.Checkpoint;
using KernelTruth.Recommender.Forecast;
using KernelTruth.Recommender.Logic;
using KernelTruth.Recommender.Tests.Fakes;
using KernelTruth.Recommender.Tests.Forecast;
using KernelTruth.Simulations.Forecast;
using Microsoft.Extensions.Logging.Abstractions;
using static KernelTruth.Recommender.Tests.Input.SnapshotFactory;

namespace KernelTruth.Recommender.Tests.Checkpoint;

/// <summary>
/// State files written before demand histories were kept as half floats: their histories (<see cref="DemandHistory"/>
/// format 1, 971 bytes of floats) still load into the engine, which saves them as format 2 (579 bytes) from then on.
/// </summary>
public sealed class CheckpointDemandHistoryTests : IDisposable
{
    private static readonly DateTimeOffset Now = ManualTimeProvider.Start.AddMinutes(2);

    /// <summary>The last minute of the saved history: Monday 2026-01-12 10:00 UTC, a week after the traces' first minute.</summary>
    private const long LastMinute = DiurnalTrace.FirstMinute + (7 * 1440) + (10 * 60);

    private readonly TempDirectory _dir = new();

    private string Path => _dir.File("state.bin");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void SaveLoadRestore_Version1History_TheWeekLoadedAndSavedAsVersion2()
    {
        var engine = new RecommenderEngine(NullLogger.Instance);
        engine.Ingest(Node(At(0), Steady(0, 42, "/x")));
        engine.Ingest(Node(At(1), Steady(1, 42, "/x")));
        var checkpoint = engine.ToCheckpoint(Now);
        byte[] version1 = Version1DemandHistory.FlatWeek(LastMinute, 1.5f);
        CheckpointFile.Save(Path, checkpoint with { Workloads = [.. checkpoint.Workloads.Select(w => w with { DemandHistory = version1 })] });

        var loaded = CheckpointFile.Load(Path)!;
        var restored = new RecommenderEngine(NullLogger.Instance);
        restored.Restore(loaded);

        Assert.Equal(version1, loaded.Workloads.Single().DemandHistory); // the file hands the bytes on as they were
        byte[] saved = restored.Forecasts.Save("/x")!;
        Assert.Equal((DemandHistory.SavedBytes, DemandHistory.FormatVersion), (saved.Length, saved[0]));
        var history = DemandHistory.FromBytes(saved);
        Assert.Equal((LastMinute, true), (history.LastMinute, history.WeekCovered));
        Assert.Equal(1.5, history.Seasonal(LastMinute + 300)); // 1.5 is a half exactly: nothing rounded away

        // Three more minutes hand one on: with the week covered, the reason is the missing fit, not the history.
        var end = DateTimeOffset.UnixEpoch.AddMinutes(LastMinute + 2);
        for (int m = 0; m < 3; m++)
        {
            restored.Forecasts.Add("/x", end.AddMinutes(m), TimeSpan.FromMinutes(1), 1.5 * 60);
        }

        var f = restored.Forecast("/x")!;
        Assert.Equal((ForecastSources.Reactive, "no forecaster fitted yet (0 examples, a fit needs 100)"), (f.Source, f.Reason));
        Assert.Equal(DateTimeOffset.UnixEpoch.AddMinutes(LastMinute + 1), f.MadeAt);
    }
}
