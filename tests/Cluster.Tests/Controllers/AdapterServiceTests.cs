using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Grpc.Net.Client;
using k8s.Models;
using KernelTruth.Kube.TestServer;
using KernelTruth.MetricsAdapter.Hosting;
using KernelTruth.MetricsAdapter.Keda.Protocol;
using Microsoft.AspNetCore.Builder;

namespace KernelTruth.Cluster.Tests.Controllers;

/// <summary>
/// ktruth-recommender with its metrics adapter, end to end against the test API server: the fake sensor's snapshots
/// come out of custom.metrics.k8s.io over HTTPS, for the aggregator's front proxy (client certificate from the
/// requestheader CA) and a bearer token (TokenReview), with SubjectAccessReview deciding; then the API calls the
/// whole run made are compared with the RBAC deploy/ renders, both ways. With --keda-listen, KEDA's external scaler
/// (gRPC, the client generated from its proto) answers the same values for the same Deployment.
/// </summary>
public sealed class AdapterServiceTests
{
    private const string Hpa = "system:serviceaccount:kube-system:horizontal-pod-autoscaler";
    private const string Identity = "adapter-host";

    [Fact]
    public async Task ServiceHost_ServesSensorValuesToAuthenticatedCallers_AndUsesExactlyTheDeployedRbac()
    {
        await using var cluster = await ClusterFixture.StartAsync();
        using var pki = FrontProxyPki.Create();
        PrepareForTheAdapter(cluster, pki);
        var reviews = new ConcurrentQueue<V1SubjectAccessReviewSpec>();
        cluster.Server.OnSubjectAccessReview((spec, _) =>
        {
            reviews.Enqueue(spec);
            return new V1SubjectAccessReviewStatus { Allowed = spec.User == Hpa, Reason = spec.User == Hpa ? "test allows the HPA" : "test denies" };
        });

        string dir = Directory.CreateTempSubdirectory("ktruth-adapter-tls-").FullName;
        try
        {
            var (serving, tls) = ServingCertificate(dir);
            using var disposeServing = serving;
            var clients = new List<IDisposable>();
            // Checkpoints every second, and one of a workload that is gone: the run collects it, creates the web's, and
            // replaces it at stop.
            SeedStrayCheckpoint(cluster);
            var (host, ports) = await TestServices.StartAsync(cluster, Identity, p => TestServices.Flags(Identity, p, dir, [.. tls, "--checkpoint-interval", "1s"]), clients);
            await using var disposeHost = host;
            int httpPort = ports.Http, httpsPort = ports.Https;

            string Url(string path) => $"https://127.0.0.1:{httpsPort}/apis/custom.metrics.k8s.io/v1beta2/namespaces/shop/{path}";
            string podsUrl = Url("pods/*/cpu_throttled_periods_ratio?labelSelector=app=web");
            using var proxy = Client(serving, pki.Client);
            using var anonymous = Client(serving, null);

            // Readings are 10 s apart in sensor time: after 8 the 60 s window is full (the first only sets the baseline).
            JsonObject? pods = null;
            for (int i = 0; i < 300 && !(cluster.Sensor.Readings >= 8 && pods is not null && Items(pods).Count == 2 && Items(pods).All(p => p["windowSeconds"]!.GetValue<long>() == 60)); i++)
            {
                await Task.Delay(100);
                using var answer = await proxy.SendAsync(AsUser(podsUrl, Hpa));
                pods = answer.StatusCode == HttpStatusCode.OK ? JsonNode.Parse(await answer.Content.ReadAsStringAsync())!.AsObject() : null;
            }

            // Per pod: load 1 → 15 % of periods throttled, load 2 → 30 % (FakeSensor/SnapshotFactory.Steady).
            Assert.NotNull(pods);
            var byPod = Items(pods).ToDictionary(p => p["describedObject"]!["name"]!.GetValue<string>());
            Assert.Equal(["web-a", "web-b"], byPod.Keys.Order());
            Assert.Equal("150m", byPod["web-a"]["value"]!.GetValue<string>());
            Assert.Equal("300m", byPod["web-b"]["value"]!.GetValue<string>());
            Assert.All(byPod.Values, p => Assert.Equal("cpu_throttled_periods_ratio", p["metric"]!["name"]!.GetValue<string>()));
            Assert.All(byPod.Values, p => Assert.Equal(60, p["windowSeconds"]!.GetValue<long>()));
            AssertStampedFromSensor(byPod["web-a"], cluster.Sensor);

            // The Deployment as one object: both pods' periods together, (15 + 30) / 200.
            var deployment = await GetJson(proxy, AsUser(Url("deployments.apps/web/cpu_throttled_periods_ratio"), Hpa));
            var item = Items(deployment).Single();
            Assert.Equal("Deployment", item["describedObject"]!["kind"]!.GetValue<string>());
            Assert.Equal("web", item["describedObject"]!["name"]!.GetValue<string>());
            Assert.Equal("225m", item["value"]!.GetValue<string>());
            Assert.Equal(60, item["windowSeconds"]!.GetValue<long>());

            // CPU requests (100m each) reach the adapter: demand utilization is offered per pod.
            var utilization = await GetJson(proxy, AsUser(Url("pods/*/cpu_demand_utilization?labelSelector=app=web"), Hpa));
            Assert.Equal(2, Items(utilization).Count);

            // A bearer token, checked by TokenReview.
            var byToken = new HttpRequestMessage(HttpMethod.Get, podsUrl) { Headers = { { "Authorization", "Bearer " + cluster.Server.IssueToken(Hpa) } } };
            Assert.Equal(2, Items(await GetJson(anonymous, byToken)).Count);

            // Nobody → 401; a user the SubjectAccessReview denies → 403; spoofed headers without the proxy's certificate → 401.
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(podsUrl)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await proxy.SendAsync(AsUser(podsUrl, "mallory"))).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.SendAsync(AsUser(podsUrl, Hpa))).StatusCode);
            Assert.Contains(reviews, r => r.User == Hpa && r.ResourceAttributes is { Group: "custom.metrics.k8s.io", NamespaceProperty: "shop" });

            // Health and metrics stay plain HTTP without authentication; the adapter's APIs are not served there.
            using var http = new HttpClient();
            await TestServices.AssertLiveAsync(http, httpPort);
            Assert.Contains("ktruth_recommender_adapter_pods 2", await http.GetStringAsync($"http://127.0.0.1:{httpPort}/metrics"), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"http://127.0.0.1:{httpPort}/apis/custom.metrics.k8s.io/v1beta2")).StatusCode);

            // The leader's writes happen too, so the run covers every permission the service needs.
            for (int i = 0; i < 300 && (cluster.Server.GetObject(KubeResources.VerticalPodAutoscalers, "shop", "web")!["status"] is null
                || cluster.Server.GetObject(KubeResources.WorkloadCheckpoints, ClusterFixture.Ns, "gone.deployment.old.app") is not null
                || cluster.Server.GetObject(KubeResources.WorkloadCheckpoints, ClusterFixture.Ns, "shop.deployment.web.app") is null); i++)
            {
                await Task.Delay(100);
            }

            await host.StopAsync();
            clients.ForEach(c => c.Dispose());
            await AssertRbacIsExactlyWhatWasUsedAsync(cluster);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task ServiceHost_KedaListen_ScalerAnswersWhatTheCustomMetricsApiAnswersForTheDeployment()
    {
        await using var cluster = await ClusterFixture.StartAsync();
        using var pki = FrontProxyPki.Create();
        PrepareForTheAdapter(cluster, pki);
        cluster.Server.OnSubjectAccessReview((spec, _) => new V1SubjectAccessReviewStatus { Allowed = spec.User == Hpa });
        string dir = Directory.CreateTempSubdirectory("ktruth-keda-").FullName;
        var clients = new List<IDisposable>();
        try
        {
            var (serving, tls) = ServingCertificate(dir);
            using var disposeServing = serving;
            var (host, ports) = await TestServices.StartAsync(cluster, Identity, p => TestServices.Flags(Identity, p, dir, [.. tls, "--keda-listen", $"127.0.0.1:{p.Keda}"]), clients);
            await using var disposeHost = host;
            using var proxy = Client(serving, pki.Client);
            using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{ports.Keda}"); // plaintext HTTP/2, as KEDA dials
            var scaler = new ExternalScaler.ExternalScalerClient(channel);
            string Url(string metric) => $"https://127.0.0.1:{ports.Https}/apis/custom.metrics.k8s.io/v1beta2/namespaces/shop/deployments.apps/web/{metric}";

            // Once the 60 s window is full (8 readings, 10 s apart in sensor time) the values hold still: the load is steady.
            JsonNode? item = null;
            for (int i = 0; i < 300 && !(cluster.Sensor.Readings >= 8 && item?["windowSeconds"]?.GetValue<long>() == 60); i++)
            {
                await Task.Delay(100);
                using var answer = await proxy.SendAsync(AsUser(Url("cpu_throttled_periods_ratio"), Hpa));
                item = answer.StatusCode == HttpStatusCode.OK ? Items(JsonNode.Parse(await answer.Content.ReadAsStringAsync())!.AsObject()).Single() : null;
            }

            Assert.NotNull(item);
            foreach (string metric in new[] { "cpu_throttled_periods_ratio", "cpu_demand_cores", "cpu_demand_utilization" })
            {
                var custom = Items(await GetJson(proxy, AsUser(Url(metric), Hpa))).Single()["value"]!.GetValue<string>();
                var keda = await scaler.GetMetricsAsync(new GetMetricsRequest
                {
                    MetricName = metric,
                    ScaledObjectRef = new ScaledObjectRef
                    {
                        Name = "web",
                        Namespace = "shop",
                        ScalerMetadata = { ["metricName"] = metric, ["targetValue"] = "1", ["workload"] = "deployments.apps/web" },
                    },
                });

                // The custom metrics API answers in milli-units, the scaler as a double: equal to within the rounding, 0.0005.
                var value = Assert.Single(keda.MetricValues);
                Assert.Equal(metric, value.MetricName);
                Assert.Equal(Milli(custom), value.MetricValueFloat, 0.0005);
                if (metric == "cpu_throttled_periods_ratio")
                {
                    Assert.Equal((15.0 + 30.0) / 200, value.MetricValueFloat, 1e-9); // both pods' periods together (FakeSensor)
                }
            }

            await host.StopAsync();
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
            Directory.Delete(dir, recursive: true);
        }
    }

    private static void SeedStrayCheckpoint(ClusterFixture cluster) =>
        cluster.Server.Seed(KubeResources.WorkloadCheckpoints, new JsonObject
        {
            ["apiVersion"] = "ktruth.io/v1alpha1",
            ["kind"] = "WorkloadCheckpoint",
            ["metadata"] = new JsonObject { ["name"] = "gone.deployment.old.app", ["namespace"] = ClusterFixture.Ns, ["labels"] = new JsonObject { ["app.kubernetes.io/managed-by"] = "ktruth-recommender" } },
            ["spec"] = new JsonObject { ["workload"] = "gone/Deployment/old/app", ["savedAt"] = "2026-12-01T00:00:00Z", ["model"] = new JsonObject { ["version"] = 3 } },
        });

    /// <summary>A Kubernetes quantity as the adapter writes it: "225m" or "2".</summary>
    private static double Milli(string quantity) =>
        quantity.EndsWith('m') ? double.Parse(quantity[..^1], CultureInfo.InvariantCulture) / 1000 : double.Parse(quantity, CultureInfo.InvariantCulture);

    /// <summary>
    /// Deleting a WorkloadProfile follows a model dropped after its idle time (at least 1 min), which this run does not
    /// wait for: ClusterLoopTests.RunOnce_ModelDroppedAfterIdleTime_* makes that delete on a moved clock and checks
    /// deploy/ grants it.
    /// </summary>
    private static readonly (string Group, string Resource, string Verb) UsedElsewhere = ("ktruth.io", "workloadprofiles", "delete");

    private static async Task AssertRbacIsExactlyWhatWasUsedAsync(ClusterFixture cluster)
    {
        // The test server records a request when it ends: a watch, when the stopped host's connection closes, which
        // the server sees a moment after StopAsync returns. Wait for that (at most 10 s), then compare.
        var byRole = RenderedRbac.GrantedByRole();
        var own = byRole.Where(r => !RenderedRbac.BuiltIn.ContainsKey(r.Key)).SelectMany(r => r.Value).Where(t => t != UsedElsewhere).ToHashSet();
        for (int i = 0; i < 100 && !(own.IsSubsetOf(cluster.Server.PermissionsUsed(Identity)) && EveryListWatched(cluster)); i++)
        {
            await Task.Delay(100);
        }

        var used = cluster.Server.PermissionsUsed(Identity).ToHashSet();
        var granted = byRole.Values.SelectMany(t => t).ToHashSet();
        var notGranted = used.Where(u => !granted.Contains(u)).Select(Show).ToList();
        Assert.True(notGranted.Count == 0, "used but not granted by deploy/: " + string.Join(", ", notGranted));

        // Roles deploy/ defines must be used in full; Kubernetes' built-in roles are fixed, so there it is enough that
        // the binding is needed at all (extension-apiserver-authentication-reader also grants list/watch we never call).
        var unused = byRole.Where(r => !RenderedRbac.BuiltIn.ContainsKey(r.Key)).SelectMany(r => r.Value.Where(t => !used.Contains(t) && t != UsedElsewhere).Select(t => $"{r.Key}: {Show(t)}")).ToList();
        Assert.True(unused.Count == 0, "granted by deploy/ but never used: " + string.Join(", ", unused));
        Assert.All(RenderedRbac.BuiltIn, b => Assert.True(b.Value.Any(used.Contains), $"{b.Key} is bound but none of its rules is used"));

        // The one ConfigMap the reader role allows is the only one read.
        Assert.All(cluster.Server.Requests.Where(r => r.Resource == "configmaps" && r.User == Identity),
            r => Assert.Equal(("kube-system", "extension-apiserver-authentication"), (r.Namespace, r.Name)));
    }

    /// <summary>Every resource the run listed has its watch recorded too (the server records a watch when it ends).</summary>
    private static bool EveryListWatched(ClusterFixture cluster)
    {
        var used = cluster.Server.PermissionsUsed(Identity);
        return used.Where(p => p.Verb == "list").All(l => used.Contains((l.ApiGroup, l.Resource, "watch")));
    }

    private static string Show((string Group, string Resource, string Verb) t) => $"{(t.Group.Length == 0 ? "core" : t.Group)} {t.Resource} {t.Verb}";

    /// <summary>The sensor's readings on the wall clock (the adapter ages data against it), and the aggregator's front proxy known.</summary>
    private static void PrepareForTheAdapter(ClusterFixture cluster, FrontProxyPki pki)
    {
        cluster.Sensor.TimeBaseUnixNs = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds() * 1_000_000;
        SeedAuthenticationConfigMap(cluster, pki);
    }

    /// <summary>A self-signed serving certificate written to tls.crt/tls.key in <paramref name="dir"/>, and the flags that hand it to the host.</summary>
    private static (X509Certificate2 Serving, string[] Flags) ServingCertificate(string dir)
    {
        var serving = AdapterCertificates.CreateSelfSigned(TimeProvider.System, []);
        File.WriteAllText(Path.Combine(dir, "tls.crt"), serving.ExportCertificatePem());
        File.WriteAllText(Path.Combine(dir, "tls.key"), serving.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        return (serving, ["--tls-cert", Path.Combine(dir, "tls.crt"), "--tls-key", Path.Combine(dir, "tls.key")]);
    }

    private static void SeedAuthenticationConfigMap(ClusterFixture cluster, FrontProxyPki pki) =>
        cluster.Server.Seed(KubeResources.ConfigMaps, new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["metadata"] = new JsonObject { ["name"] = "extension-apiserver-authentication", ["namespace"] = "kube-system" },
            ["data"] = new JsonObject
            {
                ["requestheader-client-ca-file"] = pki.AuthorityPem,
                ["requestheader-allowed-names"] = $"[\"{FrontProxyPki.ProxyName}\"]",
                ["requestheader-username-headers"] = "[\"X-Remote-User\"]",
                ["requestheader-group-headers"] = "[\"X-Remote-Group\"]",
                ["requestheader-extra-headers-prefix"] = "[\"X-Remote-Extra-\"]",
            },
        });

    /// <summary>The metric's timestamp is a reading's time, not the clock's: within the readings the sensor served.</summary>
    private static void AssertStampedFromSensor(JsonNode item, FakeSensor sensor)
    {
        var stamp = DateTimeOffset.Parse(item["timestamp"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        // The wire format has whole seconds: compare against the first reading's whole second.
        var first = DateTimeOffset.FromUnixTimeSeconds(sensor.TimeBaseUnixNs!.Value / 1_000_000_000);
        Assert.InRange(stamp, first.AddSeconds(70), first.AddSeconds(10 * (sensor.Readings + 1)));
    }

    private static HttpRequestMessage AsUser(string url, string user) =>
        new(HttpMethod.Get, url) { Headers = { { "X-Remote-User", user }, { "X-Remote-Group", "system:authenticated" } } };

    private static async Task<JsonObject> GetJson(HttpClient client, HttpRequestMessage request)
    {
        using var response = await client.SendAsync(request);
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{request.RequestUri}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    private static List<JsonNode> Items(JsonObject list) => [.. list["items"]!.AsArray().Select(i => i!)];

    /// <summary>Trusts exactly the certificate given with --tls-cert (so the test also proves it is the one served).</summary>
    private static HttpClient Client(X509Certificate2 serving, X509Certificate2? clientCertificate)
    {
        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, presented, _, _) => presented?.Thumbprint == serving.Thumbprint,
        };
        if (clientCertificate is not null)
        {
            handler.ClientCertificateOptions = ClientCertificateOption.Manual;
            handler.ClientCertificates.Add(clientCertificate);
        }

        return new HttpClient(handler);
    }
}
