using KernelTruth.Contracts.Snapshot;
using KernelTruth.Recommender.Checkpoint;
using KernelTruth.Recommender.Configuration;
using KernelTruth.Recommender.Input;
using KernelTruth.Recommender.Logic;
using KernelTruth.Recommender.Output;
using KernelTruth.Recommender.Routines;
using KernelTruth.Recommender.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;
using KernelTruth.Recommender.Tests.Input;
using static KernelTruth.Recommender.Tests.Input.SnapshotFactory;

namespace KernelTruth.Recommender.Tests.Routines;

/// <summary>
/// 10 000 short-lived cgroups through the loop on a clock the test moves: memory, models and the state file come back
/// to where 10 steady workloads alone put them. Runs alone (its own collection, no parallel tests) because it reads the
/// process's managed heap.
/// </summary>
[Collection(nameof(ModelChurnTests))]
[CollectionDefinition(nameof(ModelChurnTests), DisableParallelization = true)]
public sealed class ModelChurnTests(ITestOutputHelper output) : IDisposable
{
    private const int Steady = 10;
    private const int BornPerLoop = 100;
    private const int ChurnStart = 12; // reads 0–11 (2 min): the baseline
    private const int ChurnLoops = 100; // 100 loops × 100 new cgroups = 10 000 workloads
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan IdleTtl = TimeSpan.FromMinutes(1);

    private readonly ManualTimeProvider _clock = new();
    private readonly TempDirectory _dir = new();
    private readonly RecommendationStore _store = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task RunOnceAsync_TenThousandShortLivedCgroups_MemoryModelsAndStateReturnToBaseline()
    {
        var engine = new RecommenderEngine(NullLogger.Instance);
        var options = new RecommenderOptions { StateFile = _dir.File("state.json"), ModelIdleTtl = IdleTtl };
        var loop = new RecommenderLoop(engine, new SnapshotSourceList([new ScriptedSource("node-1", Snapshot)]), [], new StateFileCheckpointStore(options.StateFile), _store, options, _clock, NullLogger<RecommenderLoop>.Instance);

        // Baseline: the 10 steady workloads for 2 min, saved.
        await Loops(loop, ChurnStart);
        var baseline = await Measure(loop, engine);

        // Churn: every loop 100 cgroups are born, each read twice (a baseline, then one interval: a model) and gone.
        int peak = 0;
        for (int i = 0; i < ChurnLoops; i++)
        {
            await Loops(loop, 1);
            peak = Math.Max(peak, engine.Workloads.Count);
        }

        // Quiet again for twice the idle time: every short-lived model has had no data for longer than that.
        await Loops(loop, 2 * (int)(IdleTtl / Tick));
        var after = await Measure(loop, engine);

        output.WriteLine($"baseline: {baseline}; peak models during churn {peak}; after churn: {after}");
        Assert.Equal(ChurnLoops * BornPerLoop, Born);

        // A model made at read b + 1 last had data then, (b + 2) × 10 s in: it goes at the first loop ≥ 60 s later,
        // read b + 8, so at most 7 births' models (700) are held beside the steady ones, not 10 000.
        Assert.InRange(peak, Steady + BornPerLoop, Steady + (7 * BornPerLoop));
        Assert.Equal(baseline.Models, after.Models);
        Assert.Equal(Steady, _store.Latest.Recommendations.Count);

        // The steady models hold 2 min vs 20 min of history: their JSON grows by a few digits, not by workloads.
        Assert.InRange(after.StateBytes, baseline.StateBytes * 0.9, baseline.StateBytes * 1.1);

        // 10 000 models held would be tens of MB (a model's histograms are kilobytes); 1 MB of slack is noise, not them.
        Assert.True(after.HeapBytes - baseline.HeapBytes < 1 << 20, $"retained heap grew by {after.HeapBytes - baseline.HeapBytes} bytes");
    }

    /// <summary>Short-lived cgroups that appeared in a snapshot.</summary>
    private int Born { get; set; }

    private async Task Loops(RecommenderLoop loop, int count)
    {
        for (int i = 0; i < count; i++)
        {
            await loop.RunOnceAsync(CancellationToken.None);
            _clock.Advance(Tick);
        }
    }

    private async Task<Footprint> Measure(RecommenderLoop loop, RecommenderEngine engine)
    {
        var saved = await loop.CheckpointAsync(CancellationToken.None);
        Assert.Equal(PhaseOutcome.Completed, saved.Outcome);
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        long heap = GC.GetTotalMemory(forceFullCollection: true);
        return new Footprint(engine.Workloads.Count, new FileInfo(_dir.File("state.json")).Length, heap);
    }

    /// <summary>
    /// Read k: the steady cgroups (ids 1–10, reading k) and, during the churn (reads 12–111), the cgroups born at read
    /// k (their first reading) and at read k − 1 (their second, which makes their model): ids 1000 + born × 100 + i.
    /// </summary>
    private NodeSnapshot Snapshot(int k)
    {
        var cgroups = new List<CgroupSnapshot>();
        for (int i = 1; i <= Steady; i++)
        {
            cgroups.Add(SnapshotFactory.Steady(k, (ulong)i, $"/steady/{i}"));
        }

        foreach (int born in new[] { k - 1, k })
        {
            if (born is >= ChurnStart and < ChurnStart + ChurnLoops)
            {
                for (int i = 0; i < BornPerLoop; i++)
                {
                    ulong id = 1000 + ((ulong)born * BornPerLoop) + (ulong)i;
                    cgroups.Add(SnapshotFactory.Steady(k - born, id, $"/churn/{id}"));
                }

                Born += born == k ? BornPerLoop : 0;
            }
        }

        return Node(At(k), [.. cgroups]);
    }

    private sealed record Footprint(int Models, long StateBytes, long HeapBytes)
    {
        public override string ToString() => $"{Models} models, state file {StateBytes} B, managed heap {HeapBytes} B";
    }
}
