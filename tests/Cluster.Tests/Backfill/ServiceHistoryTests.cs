using System.Net;
using KernelTruth.Cluster.Tests.Controllers;
using KernelTruth.Cluster.Backfill;
using KernelTruth.Kube.TestServer;
using KernelTruth.Recommender.Logic;
using KernelTruth.Recommender.Output;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KernelTruth.Cluster.Tests.Backfill;

/// <summary>
/// ktruth-recommender with --history-prometheus: pointed at the real Prometheus holding 14 days of shop/web's series, its
/// first loop recommends for web from that history, marked as such, and its WorkloadProfile says so; pointed at nothing, it says so in one line
/// and runs on the sensor alone.
/// </summary>
[Collection(RealPrometheus.Collection)]
public sealed class ServiceHistoryTests(RealPrometheus prometheus)
{
    private const string Profile = "deployment-web-app";
    private const string Web = "shop/Deployment/web/app";

    [Fact]
    public async Task Service_HistoryPrometheus_FirstLoopRecommendsFromHistory_ProfileSaysSo()
    {
        await using var cluster = await ClusterFixture.StartAsync();
        cluster.Sensor.TimeBaseUnixNs = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds() * 1_000_000; // after the history's end
        var clients = new List<IDisposable>();
        string dir = Directory.CreateTempSubdirectory("ktruth-service-history-").FullName;
        try
        {
            // A 10 s interval: the first loop waits up to one interval for the history; the fit runs in the first loop and
            // then once a minute, so a set holding web within the first minute is the first loop's.
            var (host, ports) = await TestServices.StartAsync(cluster, "one", p => TestServices.Flags("one", p, dir, "--interval", "10s", "--history-prometheus", prometheus.Url.ToString()), clients);
            await using var disposeHost = host;
            var store = host.Services.GetRequiredService<IRecommendationStore>();
            var started = TimeProvider.System.GetTimestamp();
            WorkloadRecommendation? web = null;
            for (int i = 0; i < 300 && (web = store.Latest.Recommendations.FirstOrDefault(r => r.Workload == Web)) is null; i++)
            {
                await Task.Delay(100);
            }

            Assert.True(TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(50), "the first fit is the first loop's");
            Assert.Equal(HistoryBootstrap.Source, web?.Recommendation?.Evidence.HistorySource);
            Assert.True(web!.Recommendation!.Confidence.HistoryDays > 2, $"{web.Recommendation.Confidence.HistoryDays} days: the 14 days of history, not the sensor's seconds");

            // The profile needs the sensor's own window too (what it measured is half of it): written from the second loop,
            // it carries the history's note. It is created first and its status written after, so wait for the status.
            string? profile = null;
            for (int i = 0; i < 300 && (profile = cluster.Server.GetObject(KubeResources.WorkloadProfiles, "shop", Profile)?["status"]?["recommendation"]?.ToJsonString()) is null; i++)
            {
                await Task.Delay(100);
            }

            Assert.NotNull(profile);
            Assert.Contains("built on prometheus history", profile, StringComparison.Ordinal);
            await host.StopAsync();
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Service_HistoryPrometheusUnreachable_OneLineThenRunsOnTheSensor()
    {
        await using var cluster = await ClusterFixture.StartAsync();
        var clients = new List<IDisposable>();
        var log = new LogLines();
        string dir = Directory.CreateTempSubdirectory("ktruth-service-history-").FullName;
        try
        {
            var (host, ports) = await TestServices.StartAsync(cluster, "one", p => TestServices.Flags("one", p, dir, "--history-prometheus", "http://127.0.0.1:1/"), clients, b => b.AddProvider(log));
            await using var disposeHost = host;
            string? profile = null;
            for (int i = 0; i < 300 && (profile = cluster.Server.GetObject(KubeResources.WorkloadProfiles, "shop", Profile)?.ToJsonString()) is null; i++)
            {
                await Task.Delay(100);
            }

            using var http = new HttpClient();
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"http://127.0.0.1:{ports.Http}/readyz")).StatusCode);
            Assert.NotNull(profile);
            Assert.DoesNotContain("prometheus history", profile, StringComparison.Ordinal);
            var said = Assert.Single(log.Lines, l => l.StartsWith("No history from Prometheus: ", StringComparison.Ordinal));
            Assert.StartsWith("No history from Prometheus: Prometheus at http://127.0.0.1:1 is unreachable: ", said, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', said);
            await host.StopAsync();
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
            Directory.Delete(dir, recursive: true);
        }
    }
}
