using KernelTruth.MetricsAdapter.Store;
using KernelTruth.MetricsAdapter.Tests.Http;

namespace KernelTruth.MetricsAdapter.Tests.Fakes;

/// <summary>
/// An adapter with two Deployments of four pods each in namespace shop, each pod sensed for 10 s at 10 periods/s:
/// hot (app=hot, cgroups /hot0–3) at 0.5 cores with 3 of 10 periods throttled, calm (app=calm, /calm0–3) at 0.05
/// cores, unthrottled. Every container requests 0.25 cores. Ingested, not yet published.
/// </summary>
internal static class HotAndCalm
{
    public const string Ns = "shop";

    public static async Task<AdapterServer> StartAsync(ManualClock clock)
    {
        var pods = new Dictionary<string, PodAttribution>();
        for (int i = 0; i < 4; i++)
        {
            pods[$"/hot{i}"] = new(Ns, $"hot-{i}", new Dictionary<string, string> { ["app"] = "hot" }, [new("Deployment", "hot")], "app", 0.25);
            pods[$"/calm{i}"] = new(Ns, $"calm-{i}", new Dictionary<string, string> { ["app"] = "calm" }, [new("Deployment", "calm")], "app", 0.25);
        }

        var server = await AdapterServer.StartAsync(new MapAttributor(pods), time: clock);
        for (int t = 0; t <= 10; t++)
        {
            var cgroups = Enumerable.Range(0, 4).SelectMany(i => new[]
            {
                Snapshots.Cgroup((ulong)(10 + i), $"/hot{i}", t, 0.5, periods: 10, throttled: 3),
                Snapshots.Cgroup((ulong)(20 + i), $"/calm{i}", t, 0.05, periods: 10, throttled: 0),
            }).ToArray();
            Assert.True(server.Feed.Ingest(Snapshots.Node(t, cgroups)));
        }

        return server;
    }
}
