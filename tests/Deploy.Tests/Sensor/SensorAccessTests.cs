using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using KernelTruth.Deploy.Tests.Monitoring;
using KernelTruth.Deploy.Tests.Rendering;
using KernelTruth.Kube.TestServer;

namespace KernelTruth.Deploy.Tests.Sensor;

/// <summary>
/// Issue 15's "done when", end to end: the real ktruth-sensor started with the rendered DaemonSet's arguments
/// (--auth kubernetes) against the in-process API server, whose SubjectAccessReviews answer as the rendered RBAC
/// (deploy/overlays/monitoring) would. It refuses a snapshot read without a token, serves the recommender's
/// account the snapshot and not /metrics, the monitoring scraper /metrics and not the snapshot, keeps /healthz open,
/// and calls the API for exactly what its ClusterRole and system:auth-delegator grant, no more, no less.
/// Needs root and BPF (the sensor loads its programs); fails, never skips, without them.
/// </summary>
public sealed class SensorAccessTests
{
    private const string SensorUser = "system:serviceaccount:kernel-truth:ktruth-sensor";
    private const string RecommenderUser = "system:serviceaccount:kernel-truth:ktruth-recommender";
    private const string ScraperUser = "system:serviceaccount:kernel-truth:ktruth-metrics-scraper";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Sensor_AsDeployed_RefusesUnauthenticatedReads_AndUsesExactlyItsRbac()
    {
        Assert.True(IsRoot(), "this test starts the BPF sensor: it needs root (CI runs it as root)");
        var rbac = new RenderedRbacEvaluator(RenderedMonitoring.Objects);
        await using var server = await KubeTestServer.StartAsync();
        server.Seed(KubeResources.Pods, JsonNode.Parse(KubernetesJson.Serialize(new V1Pod
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = new V1ObjectMeta { Name = "web-0", NamespaceProperty = "shop" },
            Spec = new V1PodSpec { NodeName = "node-a", Containers = [new V1Container { Name = "app" }] },
        }))!.AsObject());
        server.OnSubjectAccessReview((spec, _) =>
        {
            bool allowed = spec.NonResourceAttributes is { } n && rbac.AllowsPath(spec.User, n.Path, n.Verb);
            return new V1SubjectAccessReviewStatus { Allowed = allowed, Reason = allowed ? "rendered RBAC allows" : "rendered RBAC does not allow" };
        });
        string recommender = server.IssueToken(RecommenderUser, "system:serviceaccounts"), scraper = server.IssueToken(ScraperUser, "system:serviceaccounts");
        string dir = Directory.CreateTempSubdirectory("ktruth-sensor-access-").FullName;
        int port = FreePort();
        using var sensor = Start(server.WriteKubeConfig(Path.Combine(dir, "kubeconfig"), server.IssueToken(SensorUser, "system:serviceaccounts")), port);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
            await WaitReadyAsync(http, sensor);

            Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(http, "/v1/snapshot", null));
            Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(http, "/v1/snapshot", "not-a-token"));
            Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(http, "/metrics", null));
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(http, "/v1/snapshot", recommender));
            Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(http, "/metrics", recommender));
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(http, "/metrics", scraper));
            Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(http, "/v1/snapshot", scraper));
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(http, "/healthz", null));
        }
        finally
        {
            await StopAsync(sensor);
            Directory.Delete(dir, recursive: true);
        }

        // The pod watch ran too; the server records a watch when its connection ends, i.e. when the sensor stopped.
        await UntilAsync(() => server.Requests.Any(r => r.User == SensorUser && r.Resource == "pods" && r.Verb == "watch"), "the sensor's pod watch");
        var used = server.PermissionsUsed(SensorUser).ToHashSet();
        var granted = rbac.ResourceGrants(SensorUser);
        Assert.True(used.SetEquals(granted), $"used [{string.Join(", ", used.Order())}] vs granted by deploy/ [{string.Join(", ", granted.Order())}]");
    }

    /// <summary>ktruth-sensor as the DaemonSet runs it, but on loopback and with a kubeconfig for the test API server.</summary>
    private static Process Start(string kubeconfig, int port)
    {
        var args = Tree.Strings(Assert.Single(RenderedMonitoring.Single("DaemonSet", "ktruth-sensor").Containers).GetValueOrDefault("args")).ToList();
        Assert.Equal("kubernetes", args[args.IndexOf("--auth") + 1]);
        Replace(args, "--listen", $"127.0.0.1:{port}");
        int root = args.IndexOf("--cgroup-root");
        args.RemoveRange(root, 2); // the container's mount; on the host the cpu hierarchy is found as usual
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ktruth-sensor.dll"));
        foreach (string arg in args.Concat(["--kubeconfig", kubeconfig]))
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["NODE_NAME"] = "node-a";
        start.Environment.Remove("KUBERNETES_SERVICE_HOST");
        return Process.Start(start) ?? throw new InvalidOperationException("ktruth-sensor did not start");
    }

    private static async Task WaitReadyAsync(HttpClient http, Process sensor)
    {
        long start = Stopwatch.GetTimestamp();
        while (true)
        {
            Assert.False(sensor.HasExited, $"ktruth-sensor exited ({(sensor.HasExited ? sensor.ExitCode : 0)}): {(sensor.HasExited ? await sensor.StandardError.ReadToEndAsync() : "")}");
            try
            {
                if ((await http.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            Assert.True(Stopwatch.GetElapsedTime(start) < StartTimeout, $"ktruth-sensor was not ready within {StartTimeout.TotalSeconds} s");
            await Task.Delay(200);
        }
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient http, string path, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (token is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    private static async Task StopAsync(Process sensor)
    {
        if (!sensor.HasExited)
        {
            // SIGTERM, as the kubelet stops it: the sensor detaches its programs and exits.
            using var kill = Process.Start("kill", ["-TERM", sensor.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await kill!.WaitForExitAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await sensor.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                sensor.Kill(entireProcessTree: true);
            }
        }

        // The sensor logs one line per start and warnings; nothing per request at the default level.
        string stdout = await sensor.StandardOutput.ReadToEndAsync();
        Assert.DoesNotContain("Request starting", stdout, StringComparison.Ordinal);
    }

    private static async Task UntilAsync(Func<bool> condition, string what)
    {
        long start = Stopwatch.GetTimestamp();
        while (!condition())
        {
            Assert.True(Stopwatch.GetElapsedTime(start) < TimeSpan.FromSeconds(30), $"not within 30 s: {what}");
            await Task.Delay(100);
        }
    }

    private static void Replace(List<string> args, string flag, string value)
    {
        int i = args.IndexOf(flag);
        Assert.True(i >= 0, $"the DaemonSet passes no {flag}");
        args[i + 1] = value;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool IsRoot() =>
        File.ReadLines("/proc/self/status").Any(l => l.StartsWith("Uid:", StringComparison.Ordinal) && l.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1] == "0");
}
