using System.Diagnostics;
using KernelTruth.ClusterLoop.Benchmarks;
using KernelTruth.Cluster.Attribution;
using KernelTruth.Cluster.Configuration;
using KernelTruth.Cluster.Controllers;
using KernelTruth.Cluster.Hosting;
using KernelTruth.Cluster.Input;
using KernelTruth.Cluster.Profiles;
using KernelTruth.Kube.TestServer;
using KernelTruth.Kubernetes.Connection;
using KernelTruth.Kubernetes.Election;
using KernelTruth.Recommender.Configuration;
using KernelTruth.Recommender.Input;
using KernelTruth.Recommender.Output;
using Microsoft.Extensions.DependencyInjection;

// The cluster loop's per-workload work in loops where nothing changes, against the in-process API server: N workloads
// (one pod, one container, one owned VPA each). Per loop: the pod index rebuilt (ClusterSources), the workload key of
// every cgroup asked once (the engine's key function during ingest), the VPA status sink and the WorkloadProfile sink.
// Loop 1 writes every status; loop 2 sees them in the cache; loops 3… are the steady state the figures are about.
// dotnet run -c Release --project tests/benchmarks/ClusterLoop.Benchmarks [-- --workloads N --loops L]
int workloads = Arg(args, "--workloads", 20_000);
int loops = Arg(args, "--loops", 6);
if (workloads < 1 || loops < 3)
{
    Console.Error.WriteLine("usage: [--workloads N ≥ 1] [--loops L ≥ 3]");
    return 2;
}

try
{
    await RunAsync(workloads, loops);
    return 0;
}
catch (Exception ex)
{
    Console.Error.WriteLine($"BENCHMARK FAILED: {ex}");
    return 1;
}

static async Task RunAsync(int workloads, int loops)
{
    await using var server = await KubeTestServer.StartAsync();
    SyntheticCluster.Seed(server, workloads);
    using var client = KubernetesClientFactory.Create(server.ClientConfig(server.IssueToken("recommender")), TimeProvider.System);
    string dir = Directory.CreateTempSubdirectory("ktruth-cluster-bench-").FullName;
    using var stop = new CancellationTokenSource();
    try
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(client);
        services.AddSingleton<ILeadership>(new Leader());
        services.AddSensorApi(TimeSpan.FromSeconds(5));
        services.AddKernelTruthCluster(new ClusterOptions { Namespace = "kernel-truth" }, new RecommenderOptions { StateFile = Path.Combine(dir, "state.json") });
        await using var provider = services.BuildServiceProvider();
        var cache = provider.GetRequiredService<ClusterCache>();
        var informers = cache.RunAsync(stop.Token);
        await cache.WaitForSyncAsync(stop.Token).WaitAsync(TimeSpan.FromMinutes(5));

        var sources = provider.GetRequiredService<ISnapshotSources>();
        var pods = provider.GetRequiredService<CurrentPods>();
        var windows = provider.GetRequiredService<WorkloadWindows>();
        var sinks = provider.GetServices<ILoopSink>().ToDictionary(s => s.Name);
        var cgroups = Enumerable.Range(0, workloads).Select(SyntheticCluster.Cgroup).ToArray();
        var keys = Enumerable.Range(0, workloads).Select(SyntheticCluster.Key).Order(StringComparer.Ordinal).ToArray();
        var start = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
        var models = new SameModels(keys, start);

        await sources.ForLoopAsync(stop.Token);
        for (int i = 0; i < workloads; i++)
        {
            windows.Add(SyntheticCluster.Key(i), cgroups[i], SameModels.Interval(start.AddMinutes(30)));
        }

        Console.WriteLine($"{workloads:N0} workloads (one pod, one container, one owned VPA each); load average at start: {LoadAverage()}");
        Console.WriteLine("loop  phase              writes   wall ms    cpu ms   allocated MB   B/workload");
        for (int loop = 1; loop <= loops; loop++)
        {
            var output = new LoopOutput(start.AddMinutes(30).AddSeconds(10 * loop), [], RecommendationSet.Empty, ActivitySet.Empty, models);
            await Phase(loop, "index", workloads, async () => { await sources.ForLoopAsync(stop.Token); return 0; });
            await Phase(loop, "keys", workloads, () =>
            {
                int known = 0;
                foreach (var cgroup in cgroups)
                {
                    known += pods.KeyOf(cgroup) is null ? 0 : 1;
                }

                return Task.FromResult(known == workloads ? 0 : throw new InvalidOperationException($"{workloads - known} cgroups without a key"));
            });
            await Phase(loop, VpaStatusWriter.SinkName, workloads, async () => (await sinks[VpaStatusWriter.SinkName].WriteAsync(output, stop.Token)).Writes);
            await Phase(loop, WorkloadProfileWriter.SinkName, workloads, async () => (await sinks[WorkloadProfileWriter.SinkName].WriteAsync(output, stop.Token)).Writes);
            if (loop == 1)
            {
                // The steady state begins when the cache holds what loop 1 wrote.
                var deadline = Stopwatch.StartNew();
                while (cache.Vpas.List().Count(v => v.Status is not null) < workloads || cache.Profiles.List().Count(p => p.Status is not null) < workloads)
                {
                    if (deadline.Elapsed > TimeSpan.FromMinutes(5))
                    {
                        throw new TimeoutException("the cache did not see loop 1's writes within 5 minutes");
                    }

                    await Task.Delay(100);
                }
            }
        }

        Console.WriteLine($"load average at end: {LoadAverage()}");
        await stop.CancelAsync();
        await informers.ContinueWith(_ => { }, TaskScheduler.Default);
    }
    finally
    {
        Directory.Delete(dir, recursive: true);
    }
}

// Wall and process CPU time, and bytes allocated by every thread (the informers are idle in loops without writes).
static async Task Phase(int loop, string name, int workloads, Func<Task<int>> run)
{
    long allocated = GC.GetTotalAllocatedBytes(precise: true);
    var cpu = Environment.CpuUsage.TotalTime;
    var wall = Stopwatch.StartNew();
    int writes = await run();
    double wallMs = wall.Elapsed.TotalMilliseconds, cpuMs = (Environment.CpuUsage.TotalTime - cpu).TotalMilliseconds;
    long bytes = GC.GetTotalAllocatedBytes(precise: true) - allocated;
    Console.WriteLine($"{loop,4}  {name,-17} {writes,7:N0} {wallMs,9:N0} {cpuMs,9:N0} {bytes / 1e6,14:N1} {bytes / (double)workloads,12:N0}");
}

static int Arg(string[] args, string name, int fallback)
{
    int at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], out int value) ? value : fallback;
}

static string LoadAverage()
{
    try
    {
        return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
    }
    catch (IOException)
    {
        return "unknown";
    }
}

internal sealed class Leader : ILeadership
{
    public bool IsLeader => true;
}
