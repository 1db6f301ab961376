using KernelTruth.Contracts.Cgroups;
using KernelTruth.Contracts.Snapshot;
using KernelTruth.Cluster.Attribution;
using KernelTruth.Cluster.Tests.Attribution;
using KernelTruth.Recommender.Logic;
using Microsoft.Extensions.Logging.Abstractions;
using static KernelTruth.Recommender.Tests.Input.SnapshotFactory;

namespace KernelTruth.Cluster.Tests.Logic;

/// <summary>
/// The engine keyed by workload: two replicas of shop/Deployment/web "app" on one node (loads 1 and 2 of
/// <see cref="Steady"/>: 0.09 and 0.18 cores, 15 % and 30 % of periods throttled) and an unattributed cgroup.
/// </summary>
public sealed class WorkloadKeyedEngineTests
{
    private const string UidA = "40469a73-bad4-4708-bd0b-0394f861f50a";
    private const string UidB = "11111111-2222-3333-4444-555555555555";

    private readonly PodIndex _index = PodIndex.Build(
        [
            Pods.Make("shop", "web-a", UidA, ("ReplicaSet", "apps/v1", "web-5d4f8"), ("app", Pods.Id('a'))),
            Pods.Make("shop", "web-b", UidB, ("ReplicaSet", "apps/v1", "web-5d4f8"), ("app", Pods.Id('b'))),
        ],
        (kind, ns, name) => Pods.Owned(ns, name, "Deployment", "apps/v1", "web"));

    [Fact]
    public void Ingest_TwoReplicas_OneModelBothReplicasSampled()
    {
        var engine = new RecommenderEngine(NullLogger.Instance, workloadKey: _index.KeyOf);
        var seen = new List<(string Key, string Pod)>();
        engine.IntervalAdded += (key, cgroup, _) => seen.Add((key, cgroup.Identity.PodUid!));

        int used = 0;
        for (int k = 0; k < 6; k++)
        {
            used += engine.Ingest(Snapshot(k));
        }

        Assert.Equal(["shop/Deployment/web/app"], engine.Workloads);
        Assert.Equal(10, engine.IntervalsOf("shop/Deployment/web/app")); // both replicas, 5 intervals each
        Assert.Equal(10, used);
        Assert.Equal(10, seen.Count);
        Assert.Equal(2, seen.Select(s => s.Pod).Distinct().Count());

        // Pooled like VPA pools pods: per-period demand has the load-1 replica's 20-30 ms periods (40 of 100)
        // and the load-2 replica's (80 of 100), so the median lies between the two replicas' own.
        var pooled = engine.DemandCores("shop/Deployment/web/app", 0.5)!.Value;
        var one = new RecommenderEngine(NullLogger.Instance);
        var two = new RecommenderEngine(NullLogger.Instance);
        for (int k = 0; k < 6; k++)
        {
            one.Ingest(Node(At(k), Steady(k, 42, "/a", load: 1)));
            two.Ingest(Node(At(k), Steady(k, 43, "/b", load: 2)));
        }

        Assert.InRange(pooled, one.DemandCores("/a", 0.5)!.Value, two.DemandCores("/b", 0.5)!.Value);
    }

    [Fact]
    public void Ingest_ReplicaOnAnotherNodeSlightlyEarlier_StillSampled()
    {
        var engine = new RecommenderEngine(NullLogger.Instance, workloadKey: _index.KeyOf);
        for (int k = 0; k < 4; k++)
        {
            engine.Ingest(Node(At(k), Steady(k, 42, "/a", load: 1) with { Identity = new CgroupIdentity("pod-container", UidA, Pods.Id('a')) }));
            var other = Node(At(k) - Second, Steady(k, 43, "/b", load: 2) with { Identity = new CgroupIdentity("pod-container", UidB, Pods.Id('b')) }) with { Node = "node-b" };
            engine.Ingest(other); // taken 1 s before node a's, ingested after it
        }

        Assert.Equal(6, engine.IntervalsOf("shop/Deployment/web/app"));
    }

    [Fact]
    public void Ingest_PathKeyed_TwoModelsAsBefore()
    {
        var engine = new RecommenderEngine(NullLogger.Instance);
        for (int k = 0; k < 3; k++)
        {
            engine.Ingest(Snapshot(k));
        }

        Assert.Equal(3, engine.Workloads.Count); // each cgroup path, the unattributed one too
    }

    private static NodeSnapshot Snapshot(int k) => Node(
        At(k),
        Steady(k, 42, "/kubepods/burstable/podA/a", load: 1) with { Identity = new CgroupIdentity("pod-container", UidA, Pods.Id('a')) },
        Steady(k, 43, "/kubepods/burstable/podB/b", load: 2) with { Identity = new CgroupIdentity("pod-container", UidB, Pods.Id('b')) },
        Steady(k, 44, "/system.slice/cron.service") with { Identity = new CgroupIdentity("systemd-unit", Unit: "cron.service") });
}
