using KernelTruth.Recommender.Checkpoint;
using KernelTruth.Recommender.Logic;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KernelTruth.Cluster.Tests.Controllers;

/// <summary>
/// ktruth-recommender with --checkpoint-store file keeps its models across a restart: the loop saves them to --state every --checkpoint-interval
/// and at stop, and a new process restores them before its first loop, then carries on from there.
/// </summary>
public sealed class ServiceCheckpointTests
{
    private const string Workload = "shop/Deployment/web/app";

    [Fact]
    public async Task Service_SavesEveryIntervalAndAtStop_NextStartRestoresAndContinues()
    {
        await using var cluster = await ClusterFixture.StartAsync();
        var clients = new List<IDisposable>();
        string dir = Directory.CreateTempSubdirectory("ktruth-service-state-").FullName;
        string state = Path.Combine(dir, "one.json");
        try
        {
            // First life: periodic saves (1 s) while it runs, then the last one at stop.
            var (first, _) = await TestServices.StartAsync(cluster, "one", p => TestServices.Flags("one", p, dir, "--checkpoint-interval", "1s", "--checkpoint-store", "file"), clients);
            await using (first)
            {
                await Wait.For(() => Intervals(state) >= 4, "a periodic checkpoint holding 4 intervals (2 readings × 2 replicas)");
                await first.StopAsync();
            }

            var saved = CheckpointFile.Load(state)!;
            long atStop = Intervals(state);
            Assert.Equal([Workload], saved.Workloads.Select(w => w.Workload));

            // Second life on the same file: what the first saved at stop is restored before any loop, then models grow on.
            var log = new LogLines();
            var (second, _) = await TestServices.StartAsync(cluster, "one", p => TestServices.Flags("one", p, dir, "--checkpoint-interval", "1s", "--checkpoint-store", "file"), clients, b => b.AddProvider(log));
            await using (second)
            {
                Assert.Contains(log.Lines, l => l == $"Restored 1 workloads from state file '{state}' saved at {saved.SavedAt:O}");
                await Wait.For(() => Intervals(state) >= atStop + 4, "the restarted service to save 4 intervals more than the first left");
                await second.StopAsync();
            }
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Intervals of the workload in the state file now; 0 while there is none.</summary>
    private static long Intervals(string path)
    {
        if (CheckpointFile.Load(path) is not { } checkpoint)
        {
            return 0;
        }

        var engine = new RecommenderEngine(NullLogger.Instance);
        engine.Restore(checkpoint);
        return engine.IntervalsOf(Workload);
    }
}
