using System.Text.Json;
using KernelTruth.Cluster.Checkpoint;
using KernelTruth.Cluster.Vpa;
using KernelTruth.Kube.TestServer;
using KernelTruth.Recommender.Logic;
using KernelTruth.Recommender.Routines;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KernelTruth.Cluster.Tests.Controllers;

/// <summary>
/// ktruth-recommender with --checkpoint-store cluster (the default): the Lease holder keeps WorkloadCheckpoints, and a
/// fresh replica (no state file, another identity) restores every workload's model from them when the leader is gone.
/// </summary>
public sealed class ServiceClusterCheckpointTests
{
    private const string Workload = "shop/Deployment/web/app";
    private static readonly string ObjectName = CheckpointNaming.Name(Workload);

    [Fact]
    public async Task LeaderStopped_FreshReplica_RestoresTheSameRecommendationAndConfidence()
    {
        await using var cluster = await ClusterFixture.StartAsync();
        var clients = new List<IDisposable>();
        string dir = Directory.CreateTempSubdirectory("ktruth-cluster-ckpt-").FullName;
        try
        {
            var (one, _) = await TestServices.StartAsync(cluster, "one", p => TestServices.Flags("one", p, dir, "--checkpoint-interval", "1s"), clients);
            RecommenderEngine oneModels;
            await using (one)
            {
                await Wait.For(() => StoredIntervals(cluster) >= 4, "a periodic WorkloadCheckpoint holding 4 intervals");
                oneModels = one.Services.GetRequiredService<RecommenderEngine>();
                await one.StopAsync(); // the last save at stop, then the Lease is released
            }

            Assert.Equal(oneModels.IntervalsOf(Workload), StoredIntervals(cluster));

            // A fresh replica: its own (empty) state directory, its first loop reads one baseline and adds no interval.
            var log = new LogLines();
            int readings = cluster.Sensor.Readings; // before the start: its first loop may read before StartAsync returns
            var (two, twoPorts) = await TestServices.StartAsync(cluster, "two", p => TestServices.Flags("two", p, Path.Combine(dir, "two"), "--interval", "10m"), clients, b => b.AddProvider(log));
            await using (two)
            {
                Assert.Contains(log.Lines, l => l.StartsWith($"Restored 1 workloads from WorkloadCheckpoints in {ClusterFixture.Ns} saved at ", StringComparison.Ordinal));
                var twoModels = await QuiescentModelsAsync(two, cluster, readings);

                Assert.Equal(oneModels.IntervalsOf(Workload), twoModels.IntervalsOf(Workload));
                Assert.Equal(Show(oneModels), Show(twoModels)); // recommendation, confidence and evidence, field for field
                using var http = new HttpClient();
                string metrics = await http.GetStringAsync($"http://127.0.0.1:{twoPorts.Http}/metrics");
                Assert.Contains("\nktruth_recommender_checkpoints_total{outcome=\"restored\"} 1\n", metrics, StringComparison.Ordinal);
                await two.StopAsync();
            }
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task LeaderKilledWithoutItsLastSave_FreshReplica_LosesAtMostOneCheckpointInterval()
    {
        await using var cluster = await ClusterFixture.StartAsync();
        var clients = new List<IDisposable>();
        string dir = Directory.CreateTempSubdirectory("ktruth-cluster-ckpt-").FullName;
        try
        {
            var (one, _) = await TestServices.StartAsync(cluster, "one", p => TestServices.Flags("one", p, dir, "--checkpoint-interval", "1s"), clients);
            long atKill;
            await using (one)
            {
                await Wait.For(() => StoredIntervals(cluster) >= 10, "a periodic WorkloadCheckpoint holding 10 intervals");

                // The API server goes away as the leader dies: its last save (and its Lease release) fail, as a kill's would.
                cluster.Server.FailAllFor(TimeSpan.FromMinutes(5));
                var models = one.Services.GetRequiredService<RecommenderEngine>();
                await one.StopAsync();
                atKill = models.IntervalsOf(Workload);
            }

            cluster.Server.ClearFaults();
            long stored = StoredIntervals(cluster);
            int readings = cluster.Sensor.Readings; // before the start: its first loop may read before StartAsync returns
            var (two, _) = await TestServices.StartAsync(cluster, "two", p => TestServices.Flags("two", p, Path.Combine(dir, "two"), "--interval", "10m"), clients);
            await using (two)
            {
                var restored = (await QuiescentModelsAsync(two, cluster, readings)).IntervalsOf(Workload);

                // What was saved last is what comes back; what is lost is what the leader ingested since: at most one
                // checkpoint interval (1 s = 5 loops of 200 ms × 2 replicas = 10 intervals), plus one loop of
                // scheduling slack (the save is due half an ingest interval early or late) = 12.
                Assert.Equal(stored, restored);
                Assert.InRange(atKill - restored, 0, 12);
                await two.StopAsync();
            }
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>
    /// The replica's models once its first loop (one sensor reading, a baseline) is over, so the loop is not using them.
    /// <paramref name="readingsBefore"/> is the sensor's count taken before the replica started: under load its first
    /// read can come before StartAsync returns, and with a 10 min interval a count taken after would wait for the second.
    /// </summary>
    private static async Task<RecommenderEngine> QuiescentModelsAsync(WebApplication host, ClusterFixture cluster, int readingsBefore)
    {
        await Wait.For(() => cluster.Sensor.Readings > readingsBefore, "the replica's first sensor read");

        // The loop's gate: waits for the running loop to finish (and saves, which the new leader may do).
        await host.Services.GetRequiredService<RecommenderLoop>().CheckpointAsync(CancellationToken.None);
        return host.Services.GetRequiredService<RecommenderEngine>();
    }

    /// <summary>Intervals the stored WorkloadCheckpoint's model holds; 0 while there is none.</summary>
    private static long StoredIntervals(ClusterFixture cluster) =>
        cluster.Server.GetObject(KubeResources.WorkloadCheckpoints, ClusterFixture.Ns, ObjectName)?["spec"]?["model"]?["intervals"]?.GetValue<long>() ?? 0;

    private static string Show(RecommenderEngine models) =>
        JsonSerializer.Serialize(models.Recommend(Workload, new VpaOptions().Policy, new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero)));
}
