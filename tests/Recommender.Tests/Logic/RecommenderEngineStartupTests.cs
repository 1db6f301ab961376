using KernelTruth.Contracts.Snapshot;
using KernelTruth.Recommender.Logic;
using KernelTruth.Recommender.Tests.Fakes;
using static KernelTruth.Recommender.Tests.Input.SnapshotFactory;

namespace KernelTruth.Recommender.Tests.Logic;

public sealed class RecommenderEngineStartupTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const ulong Ms = 1_000_000;

    private static StartupSnapshot Finished(ulong createdNs, ulong readyMs, ulong cpuMs) => new()
    {
        CreatedNs = createdNs,
        FirstExecNs = createdNs + (10 * Ms),
        WindowNs = 60_000 * Ms,
        CpuNs = cpuMs * Ms,
        ThrottledNs = 0,
        ReadyAfterNs = readyMs * Ms,
        Complete = true,
    };

    [Fact]
    public void Ingest_FinishedStartRepeatedInLaterSnapshots_CountedOnce()
    {
        // The sensor repeats a finished timeline in every snapshot: three reads (two intervals), one start.
        var engine = new RecommenderEngine(new ListLogger());
        for (int k = 0; k < 3; k++)
        {
            engine.Ingest(Node(At(k), Steady(k, 42, "/x") with { Startup = Finished(5 * Ms, 1500, 800) }));
        }

        var s = engine.Startup("/x")!;

        Assert.Equal(1, s.Starts);
        Assert.Equal(1.5, s.ReadySeconds!.P50, 6);
        Assert.Equal(0.8, s.CpuCoreSeconds.P90, 6);
    }

    [Fact]
    public void Ingest_StartNotFinished_NotCounted()
    {
        var engine = new RecommenderEngine(new ListLogger());
        for (int k = 0; k < 2; k++)
        {
            engine.Ingest(Node(At(k), Steady(k, 42, "/x") with { Startup = Finished(5 * Ms, 1500, 800) with { Complete = false } }));
        }

        Assert.Null(engine.Startup("/x"));
    }

    [Fact]
    public void Ingest_TwoReplicasStarting_BothInTheWorkloadsPercentiles()
    {
        // One workload key for both cgroups (as in a cluster, where replicas share a model): ready 1 s and 3 s
        // → p50 the 1st of 2 (1 s), p90 the 2nd (3 s).
        var engine = new RecommenderEngine(new ListLogger(), workloadKey: _ => "shop/Deployment/web/app");
        for (int k = 0; k < 2; k++)
        {
            engine.Ingest(Node(At(k),
                Steady(k, 42, "/pod-a/app") with { Startup = Finished(5 * Ms, 1000, 500) },
                Steady(k, 43, "/pod-b/app") with { Startup = Finished(6 * Ms, 3000, 900) }));
        }

        var s = engine.Startup("shop/Deployment/web/app")!;

        Assert.Equal(2, s.Starts);
        Assert.Equal(1.0, s.ReadySeconds!.P50, 6);
        Assert.Equal(3.0, s.ReadySeconds.P90, 6);
    }

    [Fact]
    public void Recommend_StartsThrottledUnderTheLimit_EvidenceSaysSoWithAFasterFix()
    {
        // Warm-up 2 core-s, ready after 10 s, 8 s of it throttled under the 0.2-core limit: P = (2 + 8) / 10 = 1 core,
        // unthrottled 2 s. Whatever the fix, its replayed ready time must beat the 10 s measured.
        var engine = new RecommenderEngine(new ListLogger());
        var start = Finished(5 * Ms, 10_000, 2500) with { ReadyCpuNs = 2000 * Ms, ReadyThrottledNs = 8000 * Ms };
        for (int k = 0; k < 4; k++)
        {
            engine.Ingest(Node(At(k), Steady(k, 42, "/x") with { Startup = start }));
        }

        var r = engine.Recommend(new KernelTruth.Models.Recommendations.RecommendationPolicy(), DateTimeOffset.UnixEpoch.AddDays(30)).Single().Recommendation!;
        var advice = r.Evidence.Startup!;

        Assert.True(advice.Throttled);
        Assert.Equal(1, advice.ParallelCores, 6);
        Assert.NotEqual(KernelTruth.Models.Startup.StartupFix.None, advice.Fix);
        Assert.InRange(advice.PredictedReadySeconds, 2, 2.2); // within 10 % of W / P, the fix's own criterion
        output.WriteLine(r.Evidence.Notes[^1]);
        Assert.Contains(r.Evidence.Notes, n => n.StartsWith("startup throttled: p50 ready 10.00 s", StringComparison.Ordinal));
    }

    [Fact]
    public void Recommend_StartsFromAnOlderSensor_NoAdviceNoNote()
    {
        // No CPU by ready: the warm-up is unknown, so nothing is replayed or said.
        var engine = new RecommenderEngine(new ListLogger());
        for (int k = 0; k < 4; k++)
        {
            engine.Ingest(Node(At(k), Steady(k, 42, "/x") with { Startup = Finished(5 * Ms, 10_000, 2500) with { ThrottledNs = 8000 * Ms } }));
        }

        var r = engine.Recommend(new KernelTruth.Models.Recommendations.RecommendationPolicy(), DateTimeOffset.UnixEpoch.AddDays(30)).Single().Recommendation!;

        Assert.Null(r.Evidence.Startup);
        Assert.DoesNotContain(r.Evidence.Notes, n => n.StartsWith("startup", StringComparison.Ordinal));
    }
}
