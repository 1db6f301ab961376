using System.Diagnostics;
using KernelTruth.NodeSensor.Hosting;
using KernelTruth.Recommender.Checkpoint;
using KernelTruth.Recommender.Configuration;
using KernelTruth.Recommender.Input;
using KernelTruth.Recommender.Logic;
using KernelTruth.Recommender.Output;
using KernelTruth.Recommender.Routines;
using Microsoft.Extensions.Logging.Abstractions;

namespace KernelTruth.Cli.Tests.Kernel;

/// <summary>
/// The case on the real kernel: 150 short-lived cgroups, then removed. `ktruth watch`'s loop (the in-process
/// sensor as its source, --model-idle-ttl 1m) holds a model for each while they live; once they are gone and the loop's
/// clock has moved past the idle time, none is left in memory, in the state file or in the recommendations. The loop's
/// wall clock moves only when the test says (1 s per loop, then the idle time), so removing 150 cgroups on a busy
/// machine, which can take minutes, does not count as idle time and a minute of idle time costs no real minute.
/// </summary>
[Collection(CliKernelCollection.Name)]
public sealed class ModelIdleOnKernelTests(CliSensorFixture sensor) : IDisposable
{
    private const int Cgroups = 150;
    private readonly string _state = Path.Combine(Path.GetTempPath(), "ktruth-idle-" + Guid.NewGuid().ToString("N")[..8] + ".json");

    public void Dispose() => File.Delete(_state);

    [Fact]
    public async Task RunOnceAsync_150CgroupsRemovedThenIdleTimePassed_ModelsGoneFromMemoryStateAndRecommendations()
    {
        var runtime = sensor.Runtime;
        string parent = Path.Combine(sensor.Hierarchy.CpuMount, "ktruth-test-idle-" + Guid.NewGuid().ToString("N")[..8]);
        var paths = Enumerable.Range(0, Cgroups).Select(i => $"/{Path.GetFileName(parent)}/c{i}").ToList();
        var processes = new List<Process>();
        var clock = new SteppedClock();
        var options = new RecommenderOptions { IngestInterval = TimeSpan.FromSeconds(1), FitInterval = TimeSpan.FromSeconds(1), StateFile = _state, ModelIdleTtl = TimeSpan.FromMinutes(1) };
        var engine = new RecommenderEngine(NullLogger.Instance);
        var store = new RecommendationStore();
        var loop = new RecommenderLoop(engine, new SnapshotSourceList([new InProcessSnapshotSource(runtime)]), [], new StateFileCheckpointStore(_state), store, options, clock, NullLogger<RecommenderLoop>.Instance);
        try
        {
            Directory.CreateDirectory(parent);
            foreach (string path in paths)
            {
                string dir = sensor.Hierarchy.CpuMount + path;
                Directory.CreateDirectory(dir);
                processes.Add(Process.Start("/bin/sh", ["-c", $"echo $$ > {dir}/cgroup.procs; while :; do sleep 0.5; done"]));
            }

            // Three loops a second apart: a baseline, then intervals for every cgroup that ran.
            for (int i = 0; i < 3; i++)
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
                clock.Ahead += TimeSpan.FromSeconds(1);
                await loop.RunOnceAsync(CancellationToken.None);
            }

            Assert.Equal(Cgroups, paths.Count(engine.Workloads.Contains));
            Assert.Equal(PhaseOutcome.Completed, (await loop.CheckpointAsync(CancellationToken.None)).Outcome);
            Assert.Equal(Cgroups, paths.Count(CheckpointFile.Load(_state)!.Workloads.Select(w => w.Workload).ToHashSet().Contains));

            Remove(processes, paths, parent);
            await Task.Delay(TimeSpan.FromSeconds(1));
            clock.Ahead += TimeSpan.FromSeconds(1);
            await loop.RunOnceAsync(CancellationToken.None);
            Assert.Equal(Cgroups, paths.Count(engine.Workloads.Contains)); // gone from the host, not yet idle for a minute

            clock.Ahead += TimeSpan.FromMinutes(1);
            await loop.RunOnceAsync(CancellationToken.None);
            Assert.Equal(PhaseOutcome.Completed, (await loop.CheckpointAsync(CancellationToken.None)).Outcome);

            Assert.Equal(0, paths.Count(engine.Workloads.Contains));
            Assert.Equal(0, paths.Count(CheckpointFile.Load(_state)!.Workloads.Select(w => w.Workload).ToHashSet().Contains));
            Assert.Equal(0, paths.Count(store.Latest.Recommendations.Select(r => r.Workload).ToHashSet().Contains));
            Assert.Equal(0, paths.Count(store.LatestActivity.Workloads.Select(a => a.Workload).ToHashSet().Contains));
        }
        finally
        {
            Remove(processes, paths, parent);
        }
    }

    private void Remove(List<Process> processes, List<string> paths, string parent)
    {
        foreach (var p in processes)
        {
            try
            {
                p.Kill(entireProcessTree: true);
                p.WaitForExit(5000);
            }
            catch (InvalidOperationException)
            {
                // exited already
            }

            p.Dispose();
        }

        processes.Clear();
        foreach (string path in paths)
        {
            NodeSensor.Cgroups.CgroupTeardown.KillTasks(sensor.Hierarchy.CpuMount + path);
            NodeSensor.Cgroups.CgroupTeardown.RemoveWhenEmpty(sensor.Hierarchy.CpuMount + path);
        }

        NodeSensor.Cgroups.CgroupTeardown.RemoveWhenEmpty(parent);
    }

    /// <summary>A wall clock standing at its start plus <see cref="Ahead"/>; timestamps (elapsed times) are the system's.</summary>
    private sealed class SteppedClock : TimeProvider
    {
        private readonly DateTimeOffset _start = System.GetUtcNow();

        public TimeSpan Ahead { get; set; }

        public override DateTimeOffset GetUtcNow() => _start + Ahead;
    }
}
