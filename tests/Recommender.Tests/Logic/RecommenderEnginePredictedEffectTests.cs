using KernelTruth.Contracts.Snapshot;
using KernelTruth.Models.Recommendations;
using KernelTruth.Models.Throttling;
using KernelTruth.Recommender.Forecast;
using KernelTruth.Recommender.Logic;
using KernelTruth.Recommender.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using static KernelTruth.Recommender.Tests.Input.SnapshotFactory;

namespace KernelTruth.Recommender.Tests.Logic;

/// <summary>
/// The predicted effect attached to each recommendation, remembered between cycles, against a fresh replay
/// (<see cref="RecommenderEngine.SimulateLimit"/>, which never uses the memo) after every cycle.
/// </summary>
public sealed class RecommenderEnginePredictedEffectTests
{
    private static readonly RecommendationPolicy Policy = new();

    [Fact]
    public void Recommend_EveryCycleWhileDemandShifts_AttachedEffectEqualsAFreshReplay()
    {
        // /x steady (load 1, 15 % throttled) for readings 0–5, then 80 of every 100 periods in the top bucket.
        var engine = new RecommenderEngine(NullLogger.Instance);
        var seen = new List<Simulations.Replay.LimitPrediction>();
        engine.Ingest(Node(At(0), Shifting(0))); // the first reading is a baseline only
        for (int k = 1; k < 12; k++)
        {
            engine.Ingest(Node(At(k), Shifting(k)));
            var result = engine.Recommend(Policy, Now(k)).Single();
            double limit = result.Recommendation!.Cpu.LimitCores!.Value;

            Assert.NotNull(result.Simulated);
            Assert.Equal(engine.SimulateLimit("/x", limit), result.Simulated);
            seen.Add(result.Simulated);
        }

        // The demand moved after reading 5, so the effect did too: a memo that never refreshed would fail here.
        Assert.NotEqual(seen[3], seen[^1]); // seen[3] is reading 4's
    }

    [Fact]
    public void Recommend_NothingNew_TheSameEffectFromTheEntrysMemo()
    {
        // The memo keeps the effect as numbers, so each cycle gets a new record: equal to the last one and to a fresh
        // replay, with the entry's memo as it was (WorkloadModelReplayMemoTests shows a remembered answer is read, not
        // replayed; a memo planted with other numbers comes back as those).
        var engine = new RecommenderEngine(NullLogger.Instance);
        for (int k = 0; k < 6; k++)
        {
            engine.Ingest(Node(At(k), Shifting(k)));
        }

        var entry = (RecommenderEngine.Workload)((IDemandSlots)engine).Slot("/x")!;
        var first = engine.Recommend(Policy, Now(6)).Single();
        ReplayMemo remembered = entry.Effect;
        var second = engine.Recommend(Policy, Now(6)).Single();

        Assert.NotNull(first.Simulated);
        Assert.NotEqual(default, remembered);
        Assert.Equal(remembered, entry.Effect);
        Assert.Equal(first.Simulated, second.Simulated);
        Assert.Equal(engine.SimulateLimit("/x", second.Recommendation!.Cpu.LimitCores!.Value), second.Simulated);
    }

    private static DateTimeOffset Now(int k) => ManualTimeProvider.Start.AddSeconds(10 * (k + 1));

    /// <summary>
    /// Cumulative counters of /x: up to reading 5 as <see cref="SnapshotFactory.Steady"/> at load 1 (60 periods in
    /// 10–20 ms, 40 in 20–30 ms per 10 s); from then on 20 and 80 per 10 s, 30 throttled, 1.8 s of CPU.
    /// </summary>
    private static CgroupSnapshot Shifting(int k)
    {
        if (k <= 5)
        {
            return Steady(k, 42, "/x");
        }

        ulong m = (ulong)(k - 5);
        ulong throttled = 75 + (30 * m);
        return Limited(
            usageNs: (900_000_000UL * 5) + (1_800_000_000UL * m),
            periods: 100 * (ulong)k,
            throttled: throttled,
            throttleWaitNs: throttled * 100_000_000,
            periodBuckets: [0, 300 + (20 * m), 200 + (80 * m)],
            contentionWaits: 3 * (ulong)k) with { Id = 42, Path = "/x" };
    }
}
