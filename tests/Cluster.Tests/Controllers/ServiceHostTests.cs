using System.Net;
using KernelTruth.Cluster.Tests.Schema;
using KernelTruth.Kube.TestServer;
using KernelTruth.NodeSensor.Tests.Prometheus;

namespace KernelTruth.Cluster.Tests.Controllers;

/// <summary>
/// Two ktruth-recommender hosts against one test API server: only the Lease holder writes; the calls the
/// code made are all allowed by the RBAC rules the deployment grants; /healthz /readyz /metrics answer; when the
/// leader stops, the other takes over and writes.
/// </summary>
public sealed class ServiceHostTests
{
    [Fact]
    public async Task TwoInstances_OnlyTheLeaderWrites_EveryCallGrantedByRbac_StandbyTakesOver()
    {
        await using var cluster = await ClusterFixture.StartAsync();
        var clients = new List<IDisposable>();
        string dir = Directory.CreateTempSubdirectory("ktruth-service-").FullName;
        var (one, ports1) = await TestServices.StartAsync(cluster, "one", p => TestServices.Flags("one", p, dir), clients);
        await using var disposeOne = one;
        var (two, ports2) = await TestServices.StartAsync(cluster, "two", p => TestServices.Flags("two", p, dir), clients);
        await using var disposeTwo = two;
        int port1 = ports1.Http, port2 = ports2.Http;

        // Wait until a profile and a VPA status exist, then let a few more cycles run.
        for (int i = 0; i < 300 && (cluster.Server.GetObject(KubeResources.WorkloadProfiles, "shop", "deployment-web-app") is null
            || cluster.Server.GetObject(KubeResources.VerticalPodAutoscalers, "shop", "web")!["status"] is null); i++)
        {
            await Task.Delay(100);
        }

        await Task.Delay(1500);
        var writers = cluster.Server.Requests
            .Where(r => r.Resource is "verticalpodautoscalers" or "workloadprofiles" && r.Verb is "patch" or "create" or "update")
            .Select(r => r.User).Distinct().ToList();
        Assert.Single(writers); // exactly one instance wrote
        var lease = cluster.Server.GetObject(KubeResources.Leases, ClusterFixture.Ns, "ktruth-recommender")!;
        Assert.Equal(writers[0], lease["spec"]!["holderIdentity"]!.GetValue<string>());

        var errors = Schemas.Vpa.Validate(cluster.Server.GetObject(KubeResources.VerticalPodAutoscalers, "shop", "web"));
        Assert.True(errors.Count == 0, string.Join("\n", errors));

        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"http://127.0.0.1:{port1}/readyz")).StatusCode);
        await TestServices.AssertLiveAsync(http, port2);
        using var scrape = await http.GetAsync($"http://127.0.0.1:{port1}/metrics");
        string metrics = await scrape.Content.ReadAsStringAsync();
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", Assert.Single(scrape.Content.Headers.GetValues("Content-Type")));
        Promtool.AssertClean(metrics, "ktruth-recommender");
        Assert.Matches(@"\nktruth_recommender_cycles_total [1-9][0-9]*\n", metrics); // cycles ran (every 200 ms for over 1.5 s)
        Assert.Contains("\nktruth_recommender_leader ", metrics, StringComparison.Ordinal);
        Assert.Contains("\nktruth_recommender_sink_failures_total{sink=\"forecast-series\"} 0\n", metrics, StringComparison.Ordinal); // the forecast series' copy runs each loop

        // Every (group, resource, verb) either instance called must be granted by what `kubectl kustomize deploy/` renders
        // (AdapterServiceTests checks the other direction: nothing granted goes unused).
        var granted = RenderedRbac.GrantedByRole().Values.SelectMany(t => t).ToHashSet();
        var denied = cluster.Server.PermissionsUsed().Where(c => !granted.Contains(c)).ToList();
        Assert.True(denied.Count == 0, "not granted: " + string.Join(", ", denied));

        // The leader stops (releasing the Lease): the standby, warm from reading all along, takes over and writes.
        var (leader, standby) = writers[0] == "one" ? (one, "two") : (two, "one");
        await leader.StopAsync();
        for (int i = 0; i < 300 && !cluster.Server.Requests.Any(r => r.User == standby && r.Resource is "workloadprofiles" && r.Verb == "patch"); i++)
        {
            await Task.Delay(100);
        }

        Assert.Contains(cluster.Server.Requests, r => r.User == standby && r.Resource is "workloadprofiles" && r.Verb == "patch" && r.StatusCode < 300);
        await (leader == one ? two : one).StopAsync();
        clients.ForEach(c => c.Dispose());
        Directory.Delete(dir, recursive: true);
    }
}
