using KernelTruth.Contracts.Snapshot;
using KernelTruth.Recommender.Logic;
using KernelTruth.Recommender.Tests.Fakes;
using static KernelTruth.Recommender.Tests.Input.SnapshotFactory;

namespace KernelTruth.Recommender.Tests.Logic;

public sealed class RecommenderEngineStartupTests
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
}
