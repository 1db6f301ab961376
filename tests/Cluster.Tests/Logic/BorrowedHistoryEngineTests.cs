using KernelTruth.Contracts.Cgroups;
using KernelTruth.Cluster.Attribution;
using KernelTruth.Cluster.Tests.Attribution;
using KernelTruth.Models;
using KernelTruth.Models.Input;
using KernelTruth.Models.Recommendations;
using KernelTruth.Recommender.Checkpoint;
using KernelTruth.Recommender.Logic;
using Microsoft.Extensions.Logging.Abstractions;
using static KernelTruth.Recommender.Tests.Input.SnapshotFactory;

namespace KernelTruth.Cluster.Tests.Logic;

/// <summary>
/// A model started from Prometheus history: marked and at half confidence until the sensor has measured the workload
/// for one demand half-life (1 min here, so that 10 s snapshots reach it), then the model's own answer.
/// </summary>
public sealed class BorrowedHistoryEngineTests
{
    private const string Key = "shop/Deployment/web/app";
    private const string UidA = "40469a73-bad4-4708-bd0b-0394f861f50a";

    private static readonly DateTimeOffset SensorEpoch = DateTimeOffset.FromUnixTimeMilliseconds(1_763_700_000_000);

    private readonly PodIndex _index = PodIndex.Build(
        [Pods.Make("shop", "web-a", UidA, ("ReplicaSet", "apps/v1", "web-5d4f8"), ("app", Pods.Id('a')))],
        (kind, ns, name) => Pods.Owned(ns, name, "Deployment", "apps/v1", "web"));

    [Fact]
    public void Bootstrap_ThenSensor_MarkedUntilOneHalfLifeOfSensorData_ThenTheModelsOwn()
    {
        var engine = new RecommenderEngine(NullLogger.Instance, new ModelOptions { DemandHalfLife = TimeSpan.FromMinutes(1) }, _index.KeyOf);
        Assert.Equal(12, engine.Bootstrap(Key, History(12), "prometheus"));

        // History only: 12 steps of 5 min = 1 h.
        AssertBorrowed(engine.Recommend(Key, new RecommendationPolicy(), SensorEpoch)!);

        // Snapshot k is taken at epoch + 10(k+1) s; the first interval ends at k = 1 (epoch + 20 s). At k = 6 the sensor
        // has measured 50 s (< 60 s): still borrowed. At k = 7, 60 s: one half-life, the sensor's data takes over.
        for (int k = 0; k <= 6; k++)
        {
            engine.Ingest(Node(At(k), Steady(k, 42, "/a") with { Identity = new CgroupIdentity("pod-container", UidA, Pods.Id('a')) }));
        }

        AssertBorrowed(engine.Recommend(Key, new RecommendationPolicy(), SensorEpoch.AddSeconds(70))!);
        Assert.Equal([Key], engine.OnBorrowedHistory());
        engine.Ingest(Node(At(7), Steady(7, 42, "/a") with { Identity = new CgroupIdentity("pod-container", UidA, Pods.Id('a')) }));

        var own = engine.Recommend(Key, new RecommendationPolicy(), SensorEpoch.AddSeconds(80))!;
        Assert.Null(own.Evidence.HistorySource);
        Assert.DoesNotContain(own.Evidence.Notes, n => n.Contains("prometheus", StringComparison.Ordinal));
        double d = own.Confidence.HistoryDays;
        Assert.Equal(d / (1 + d), own.Confidence.Score, 9);
        Assert.Empty(engine.OnBorrowedHistory());
        Assert.Equal(12 + 7, engine.IntervalsOf(Key)); // 12 from history, 7 from the sensor (k = 1..7)
    }

    [Fact]
    public void Restart_MidTakeover_StillMarked_TakeoverCountsFromTheFirstMeasurementNotTheRestart()
    {
        // Measured from epoch + 20 s (k = 1); saved to a state file after k = 3 and restored in a new engine, whose first
        // snapshot (k = 4) is a baseline again. Takeover is at epoch + 80 s (k = 7), one half-life after the first
        // measurement; counted from the restart's first interval (k = 5, epoch + 60 s) it would wait for k = 11.
        var options = new ModelOptions { DemandHalfLife = TimeSpan.FromMinutes(1) };
        var before = new RecommenderEngine(NullLogger.Instance, options, _index.KeyOf);
        before.Bootstrap(Key, History(12), "prometheus");
        for (int k = 0; k <= 3; k++)
        {
            before.Ingest(Snapshot(k));
        }

        string path = Path.Combine(Path.GetTempPath(), $"ktruth-borrowed-{Guid.NewGuid():N}.state");
        RecommenderCheckpoint? loaded;
        try
        {
            CheckpointFile.Save(path, before.ToCheckpoint(SensorEpoch.AddSeconds(40)));
            loaded = CheckpointFile.Load(path);
        }
        finally
        {
            File.Delete(path);
        }

        var after = new RecommenderEngine(NullLogger.Instance, options, _index.KeyOf);
        after.Restore(loaded!);
        Assert.Equal(SensorEpoch.AddSeconds(20), loaded!.Workloads.Single().BorrowedHistory!.FirstMeasured);
        AssertBorrowed(after.Recommend(Key, new RecommendationPolicy(), SensorEpoch.AddSeconds(40))!);
        Assert.Contains(after.Recommend(Key, new RecommendationPolicy(), SensorEpoch.AddSeconds(40))!.Evidence.Notes, n => n.Contains("since " + SensorEpoch.AddSeconds(20).ToString("O", System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        for (int k = 4; k <= 6; k++)
        {
            after.Ingest(Snapshot(k));
        }

        AssertBorrowed(after.Recommend(Key, new RecommendationPolicy(), SensorEpoch.AddSeconds(70))!);
        after.Ingest(Snapshot(7));

        Assert.Null(after.Recommend(Key, new RecommendationPolicy(), SensorEpoch.AddSeconds(80))!.Evidence.HistorySource);
        Assert.Empty(after.OnBorrowedHistory());
        Assert.Null(after.ToCheckpoint(SensorEpoch.AddSeconds(80)).Workloads.Single().BorrowedHistory); // taken over: nothing left to save
    }

    [Fact]
    public void Bootstrap_WorkloadAlreadyModelled_LeftAsItIs()
    {
        var engine = new RecommenderEngine(NullLogger.Instance, workloadKey: _index.KeyOf);
        Assert.Equal(12, engine.Bootstrap(Key, History(12), "prometheus"));
        Assert.Equal(0, engine.Bootstrap(Key, History(12), "prometheus"));
        Assert.Equal(12, engine.IntervalsOf(Key));
    }

    private static KernelTruth.Contracts.Snapshot.NodeSnapshot Snapshot(int k) =>
        Node(At(k), Steady(k, 42, "/a") with { Identity = new CgroupIdentity("pod-container", UidA, Pods.Id('a')) });

    /// <summary>Marked, noted, and half the confidence the same history would have: Score = ½ · d/(1 + d).</summary>
    private static void AssertBorrowed(Recommendation r)
    {
        Assert.Equal("prometheus", r.Evidence.HistorySource);
        Assert.Contains(r.Evidence.Notes, n => n.StartsWith("built on prometheus history", StringComparison.Ordinal));
        double d = r.Confidence.HistoryDays;
        Assert.True(d > 0);
        Assert.Equal(0.5 * d / (1 + d), r.Confidence.Score, 9);
    }

    /// <summary>Steps of 5 min at 0.1 core under a 0.2 limit, the last ending 5 min before the sensor's first snapshot.</summary>
    private static IEnumerable<WorkloadInterval> History(int steps) => Enumerable.Range(0, steps).Select(i => new WorkloadInterval
    {
        Time = SensorEpoch.AddMinutes(-5 * (steps - i)),
        Duration = TimeSpan.FromMinutes(5),
        UsageCores = 0.1,
        PeriodUsage = [new UsageBucket(0.1, 0.1, 3000)],
        Periods = 3000,
        LimitCores = 0.2,
        MemoryBytes = 100 << 20,
    });
}
