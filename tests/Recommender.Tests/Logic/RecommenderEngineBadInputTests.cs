using KernelTruth.Contracts.Snapshot;
using KernelTruth.Models.Recommendations;
using KernelTruth.Recommender.Input;
using KernelTruth.Recommender.Logic;
using KernelTruth.Recommender.Tests.Fakes;
using KernelTruth.Recommender.Tests.Input;
using Microsoft.Extensions.Logging;
using static KernelTruth.Recommender.Tests.Input.SnapshotFactory;

namespace KernelTruth.Recommender.Tests.Logic;

/// <summary>
/// Bad input never poisons a model: after it, good input gives exactly (same JSON, to the last
/// bit) the recommendations a run without the bad input gives. Two workloads on one node: /x
/// (load 1) and /y (load 2), six readings 10 s apart.
/// </summary>
public sealed class RecommenderEngineBadInputTests
{
    private static readonly DateTimeOffset Now = ManualTimeProvider.Start.AddMinutes(5);
    private static readonly RecommendationPolicy Policy = new();

    private readonly ListLogger _log = new();

    private static readonly string[] WholeSnapshotKinds =
        ["unknown-version", "older-than-last", "same-time-as-last", "no-node", "no-cgroups", "before-1970", "fifty-ns-after-last"];

    public static TheoryData<string> WholeSnapshotDamage
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (string kind in WholeSnapshotKinds)
            {
                data.Add(kind);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(WholeSnapshotDamage))]
    public void Ingest_BadSnapshotBetweenGoodOnes_SameRecommendationsAsWithoutIt(string kind)
    {
        var clean = Engine();
        Feed(clean, Good(0), Good(1), Good(2), Good(3), Good(4), Good(5));

        var damaged = Engine();
        int rejected = Feed(damaged, Good(0), Good(1), Good(2), BadSnapshot(kind), Good(3), Good(4), Good(5));

        Assert.Equal(RecommendationJson.Of(clean.Recommend(Policy, Now)), RecommendationJson.Of(damaged.Recommend(Policy, Now)));
        if (kind == "fifty-ns-after-last")
        {
            // Not rejected: ingested, and each cgroup's 0 s interval skipped with a reason.
            Assert.Equal(0, rejected);
            Assert.Equal(2, _log.Matching(LogLevel.Warning, "Duration must be > 0").Count);
        }
        else
        {
            Assert.Equal(1, rejected);
        }
    }

    [Theory]
    [MemberData(nameof(IntervalBuilderBadInputTests.BrokenEntries), MemberType = typeof(IntervalBuilderBadInputTests))]
    public void Ingest_BrokenReadingOfOneWorkload_OtherUntouchedAndBrokenAsIfNeverRead(string kind, string reason)
    {
        var damaged = Engine();
        Feed(damaged, Good(0), Good(1), Node(At(2), Steady(2, 42, "/x"), IntervalBuilderBadInputTests.Break(Steady(2, 43, "/y", load: 2), kind)), Good(3), Good(4), Good(5));

        // Expected: /x as if nothing happened; /y as if its reading 2 had never been taken.
        var onlyX = Engine();
        Feed(onlyX, [.. Enumerable.Range(0, 6).Select(k => Node(At(k), Steady(k, 42, "/x")))]);
        var yWithoutReading2 = Engine();
        Feed(yWithoutReading2, [.. new[] { 0, 1, 3, 4, 5 }.Select(k => Node(At(k), Steady(k, 43, "/y", load: 2)))]);

        Assert.Equal(
            RecommendationJson.Of([.. onlyX.Recommend(Policy, Now), .. yWithoutReading2.Recommend(Policy, Now)]),
            RecommendationJson.Of(damaged.Recommend(Policy, Now)));
        Assert.NotEmpty(_log.Matching(LogLevel.Warning, reason));
    }

    [Fact]
    public void Ingest_CountersWentBackwards_SameAsASensorReset()
    {
        // /y's counters restart from zero at reading 2 under the same trackedSince …
        var backwards = Engine();
        Feed(backwards, [.. Enumerable.Range(0, 6).Select(k => Node(At(k), Steady(k, 42, "/x"), Steady(k < 2 ? k : k - 2, 43, "/y", load: 2)))]);

        // … which reads exactly like a sensor that re-tracked /y (new trackedSince) at reading 2.
        var reset = Engine();
        Feed(reset, [.. Enumerable.Range(0, 6).Select(k => Node(At(k), Steady(k, 42, "/x"), k < 2 ? Steady(k, 43, "/y", load: 2) : Steady(k - 2, 43, "/y", load: 2, trackedSince: 2)))]);

        Assert.Equal(RecommendationJson.Of(reset.Recommend(Policy, Now)), RecommendationJson.Of(backwards.Recommend(Policy, Now)));
        Assert.Single(_log.Matching(LogLevel.Warning, "'/y'", "went backwards"));
        Assert.Equal(4, backwards.IntervalsOf("/y")); // readings 1, 3, 4, 5 end an interval; 2 is the new baseline
    }

    [Fact]
    public void Ingest_CgroupVanishesAndReturns_ModelKeptIntervalsResume()
    {
        var engine = Engine();

        Feed(engine, Good(0), Good(1), Node(At(2), Steady(2, 42, "/x")), Good(3), Good(4), Good(5));

        // /y: reading 1 ends an interval; gone at 2; back at 3 as a new baseline; 4 and 5 end intervals.
        Assert.Equal(3, engine.IntervalsOf("/y"));
        Assert.Equal(5, engine.IntervalsOf("/x"));
        Assert.All(engine.Recommend(Policy, Now), r => Assert.NotNull(r.Recommendation));
    }

    [Fact]
    public void Ingest_EveryKindOfDamageInOneRun_NoCrashAndGoodWorkloadUntouched()
    {
        var damaged = Engine();
        var run = new List<NodeSnapshot> { Good(0), Good(1), Good(2) };
        run.AddRange(WholeSnapshotKinds.Select(BadSnapshot));
        run.Add(Node(At(3), Steady(3, 42, "/x"), IntervalBuilderBadInputTests.Break(Steady(3, 43, "/y", load: 2), "nan-limit")));
        run.Add(Node(At(4), null!, Steady(4, 42, "/x"), IntervalBuilderBadInputTests.Break(Steady(4, 43, "/y", load: 2), "null-sched")));
        run.Add(Good(5));
        Feed(damaged, [.. run]);

        var onlyX = Engine();
        Feed(onlyX, [.. Enumerable.Range(0, 6).Select(k => Node(At(k), Steady(k, 42, "/x")))]);

        var x = Assert.Single(damaged.Recommend(Policy, Now), r => r.Workload == "/x");
        Assert.Equal(RecommendationJson.Of(onlyX.Recommend(Policy, Now)), RecommendationJson.Of([x]));
    }

    [Fact]
    public void Ingest_TwoNodesInterleaved_EachKeepsItsOwnOrderAndBaselines()
    {
        var engine = Engine();

        // Node b booted later: its monotonic clock is far behind a's; ids may repeat across nodes.
        for (int k = 0; k < 4; k++)
        {
            engine.Ingest(Node(At(k), Steady(k, 42, "/x")) with { Node = "a" });
            engine.Ingest(Node(At(k) - (5 * Second), Steady(k, 42, "/y")) with { Node = "b", TakenAtUnixNs = Node(At(k)).TakenAtUnixNs });
        }

        Assert.Equal(3, engine.IntervalsOf("/x"));
        Assert.Equal(3, engine.IntervalsOf("/y"));
    }

    private static NodeSnapshot Good(int k) => Node(At(k), Steady(k, 42, "/x"), Steady(k, 43, "/y", load: 2));

    private static NodeSnapshot BadSnapshot(string kind) => kind switch
    {
        "unknown-version" => Good(3) with { ApiVersion = "ktruth.io/v2" },
        "older-than-last" => Good(1),
        "same-time-as-last" => Good(2),
        "no-node" => Good(3) with { Node = null! },
        "no-cgroups" => Good(3) with { Cgroups = null! },
        "before-1970" => Good(3) with { TakenAtUnixNs = 0 },

        // Counters of reading 3 only 50 ns after reading 2: 0 ticks of duration for every cgroup.
        "fifty-ns-after-last" => Node(At(2) + 50, Steady(3, 42, "/x"), Steady(3, 43, "/y", load: 2)),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown kind of damage"),
    };

    private RecommenderEngine Engine() => new(_log);

    /// <summary>Ingests each snapshot as the loop does; returns how many were rejected whole.</summary>
    private static int Feed(RecommenderEngine engine, params NodeSnapshot[] snapshots)
    {
        int rejected = 0;
        foreach (var s in snapshots)
        {
            try
            {
                engine.Ingest(s);
            }
            catch (SnapshotRejectedException)
            {
                rejected++;
            }
        }

        return rejected;
    }
}
