using System.Text.RegularExpressions;
using KernelTruth.Contracts.Cgroups;
using KernelTruth.Contracts.Snapshot;
using KernelTruth.Kube.TestServer;
using KernelTruth.Kubernetes.Connection;
using KernelTruth.NodeSensor.Pods;
using KernelTruth.NodeSensor.Prometheus;
using KernelTruth.NodeSensor.Tests.Pods;
using Microsoft.Extensions.Logging.Abstractions;

namespace KernelTruth.NodeSensor.Tests.Prometheus;

/// <summary>
/// Issue 13's "done when": the pod cgroups of the fixtures (Fixtures/cgroup-v1, cgroup-v2), the pods the API server
/// lists for their node, a scrape: every series of a container carries namespace, pod and container, and a container has
/// no more series than the budget docs/metrics.md states. The budget is read from that page, so the two cannot drift apart.
/// </summary>
public sealed class SeriesBudgetTests
{
    private static readonly string SandboxId = new('c', 64);

    [Fact]
    public async Task Scrape_FixturePodsWatched_EveryContainerSeriesNamedAndWithinTheReadmeBudget()
    {
        int budget = ReadmeBudget();
        var (metrics, stop) = await WatchedMetricsAsync(WaitBucketLayout.Coarse);
        await using var app = await MetricsApp.StartAsync(metrics);

        var parsed = PrometheusTextParser.Parse(await app.ScrapeAsync()); // promtool-clean, as every scrape
        await stop();

        var perContainer = PerCgroupSamples(parsed).Where(s => s.Labels["container_id"].Length > 0).GroupBy(s => s.Labels["container_id"]).ToDictionary(g => g.Key, g => g.ToList());
        Assert.Equal([SandboxId, FixturePods.V2ContainerId, FixturePods.V1ContainerId], perContainer.Keys.Order(StringComparer.Ordinal));
        AssertNamed(perContainer[FixturePods.V1ContainerId], "shop", "web-0", "app");
        AssertNamed(perContainer[FixturePods.V2ContainerId], "shop", "api-0", "server");
        AssertNamed(perContainer[SandboxId], "shop", "web-0", ""); // the pause container: its pod, no container name
        Assert.All(perContainer, c => Assert.True(c.Value.Count <= budget, $"container {c.Key[..12]}: {c.Value.Count} series, over docs/metrics.md's {budget}"));

        // 10 counters and gauges (switches count twice) + 2 wait histograms × (3 edges + +Inf + _sum + _count) = 22.
        Assert.Equal(22, perContainer[FixturePods.V1ContainerId].Count);

        // The pod-level cgroups are named too (no container), within the same budget.
        var podLevel = PerCgroupSamples(parsed).Where(s => s.Labels["container_id"].Length == 0).ToList();
        Assert.Equal(["api-0", "web-0"], podLevel.Select(s => s.Labels["pod"]).Distinct().Order());
        Assert.All(podLevel, s => Assert.Equal(("shop", ""), (s.Labels["namespace"], s.Labels["container"])));
    }

    [Fact]
    public async Task Scrape_FullWaitHistograms_OverTheBudget()
    {
        // The budget can be missed: with every log2 edge a container has 68 series (2 × 29 + 10), as before issue 13.
        var (metrics, stop) = await WatchedMetricsAsync(WaitBucketLayout.Full);
        await using var app = await MetricsApp.StartAsync(metrics);

        var parsed = PrometheusTextParser.Parse(await app.ScrapeAsync());
        await stop();

        int count = PerCgroupSamples(parsed).Count(s => s.Labels["container_id"] == FixturePods.V1ContainerId);
        Assert.Equal(68, count);
        Assert.True(count > ReadmeBudget());
    }

    /// <summary>The number in docs/metrics.md's "at most **N** series per container".</summary>
    internal static int ReadmeBudget()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Recommender.sln")))
        {
            dir = dir.Parent;
        }

        Assert.NotNull(dir);
        var match = Regex.Match(File.ReadAllText(Path.Combine(dir.FullName, "docs", "metrics.md")), @"at most\s+\*\*(\d+)\*\*\s+series\s+per\s+container");
        Assert.True(match.Success, "docs/metrics.md states no budget as 'at most **N** series per container'");
        return int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Sensor metrics naming the fixture cgroups after the pods a real watch of the test API server found.</summary>
    private static async Task<(SensorMetrics Metrics, Func<Task> Stop)> WatchedMetricsAsync(WaitBucketLayout layout)
    {
        var server = await KubeTestServer.StartAsync();
        FixturePods.Seed(server);
        var client = KubernetesClientFactory.Create(server.ClientConfig(server.IssueToken("system:serviceaccount:kernel-truth:ktruth-sensor")), TimeProvider.System);
        var pods = new NodePods(TimeProvider.System);
        var watch = new NodePodWatch(client, FixturePods.Node, pods, TimeProvider.System, NullLoggerFactory.Instance);
        await watch.StartAsync(CancellationToken.None);
        long start = TimeProvider.System.GetTimestamp();
        while (pods.Count < 2)
        {
            Assert.True(TimeProvider.System.GetElapsedTime(start) < TimeSpan.FromSeconds(20), "the node's pods were not listed within 20 s");
            await Task.Delay(50);
        }

        var metrics = new SensorMetrics(layout) { Pods = pods };
        metrics.Observe(MetricsSnapshots.Node([.. FixtureCgroups()]));
        return (metrics, async () =>
        {
            await watch.StopAsync(CancellationToken.None);
            watch.Dispose();
            client.Dispose();
            await server.DisposeAsync();
        });
    }

    /// <summary>Every pod and pod-container cgroup in the fixtures' cpu hierarchies, and a sandbox beside web-0's container.</summary>
    private static IEnumerable<CgroupSnapshot> FixtureCgroups()
    {
        string root = Path.Combine(AppContext.BaseDirectory, "Fixtures");
        var paths = new[] { Path.Combine(root, "cgroup-v1", "cpu"), Path.Combine(root, "cgroup-v2") }
            .SelectMany(r => Directory.EnumerateDirectories(r, "*", SearchOption.AllDirectories).Select(d => "/" + Path.GetRelativePath(r, d)))
            .Append($"/kubepods/burstable/pod{FixturePods.V1PodUid}/{SandboxId}");
        foreach (string path in paths)
        {
            var identity = CgroupIdentityParser.Parse(path);
            if (identity.Kind is CgroupKinds.Pod or CgroupKinds.PodContainer)
            {
                yield return MetricsSnapshots.Cgroup(path, 1_000_000, [1, 2, 3], 10_000, limitCores: 0.5) with { Identity = identity };
            }
        }
    }

    /// <summary>Samples of the per-cgroup families: those labelled with a cgroup.</summary>
    private static IEnumerable<ParsedSample> PerCgroupSamples(ParsedExposition parsed) =>
        parsed.Families.SelectMany(f => f.Samples).Where(s => s.Labels.ContainsKey("cgroup"));

    private static void AssertNamed(List<ParsedSample> samples, string ns, string pod, string container) =>
        Assert.All(samples, s => Assert.Equal((ns, pod, container), (s.Labels["namespace"], s.Labels["pod"], s.Labels["container"])));
}
