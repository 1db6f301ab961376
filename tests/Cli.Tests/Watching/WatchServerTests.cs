using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using KernelTruth.Cli.Commands;
using KernelTruth.Cli.Configuration;
using KernelTruth.Cli.Tests.Fakes;
using KernelTruth.Cli.Watching;
using KernelTruth.NodeSensor.Prometheus;
using KernelTruth.NodeSensor.Tests.Prometheus;
using KernelTruth.Recommender.Logic;
using KernelTruth.Recommender.Output;
using Microsoft.Extensions.Logging.Abstractions;

namespace KernelTruth.Cli.Tests.Watching;

/// <summary>`ktruth watch --serve` without the sensor: scripted snapshots through the loop's adapter sink into the served adapter.</summary>
public sealed class WatchServerTests
{
    /// <summary>The snapshots' own wall time (k = 10), so their data is fresh to the server.</summary>
    private static readonly DateTimeOffset SnapshotTime = DateTimeOffset.UnixEpoch.AddTicks((1_763_700_000_000_000_000 + (10 * (long)Snapshots.Second)) / 100);

    /// <summary>The watch loop's models; the adapter's sink reads only the snapshots.</summary>
    private static readonly RecommenderEngine Models = new(NullLogger.Instance);

    private static HttpClient Client(Uri address, X509Certificate2? cert = null) => new(new SocketsHttpHandler
    {
        SslOptions =
        {
            RemoteCertificateValidationCallback = (_, _, _, _) => true, // self-signed at start; the test checks what it serves, not who
            LocalCertificateSelectionCallback = cert is null ? null : (_, _, _, _, _) => cert,
        },
    }) { BaseAddress = address };

    [Fact]
    public async Task Sink_ThrottledCgroup_ServedAsHostPod()
    {
        var test = new TestEnvironment(new FixedClock(SnapshotTime));
        var metrics = new SensorMetrics();
        await using var server = await WatchServer.StartAsync(new ServeSettings { Address = "127.0.0.1:0" }, metrics, test.Env, CancellationToken.None);
        for (int k = 0; k <= 10; k++)
        {
            var snapshot = Snapshots.Node(k, Snapshots.Throttled(k));
            await server.Sink.WriteAsync(new LoopOutput(SnapshotTime, [snapshot], RecommendationSet.Empty, ActivitySet.Empty, Models), CancellationToken.None);
            metrics.Observe(snapshot); // what the in-process sensor does after each read
        }

        using var client = Client(server.Address);
        Assert.Equal("ok", await client.GetStringAsync("/readyz")); // values published
        string body = await client.GetStringAsync("/apis/custom.metrics.k8s.io/v1beta2/namespaces/host/pods/*/cpu_throttled_periods_ratio?labelSelector=ktruth.io%2Fkind%3Dcgroup");
        using var doc = JsonDocument.Parse(body);
        var item = Assert.Single(doc.RootElement.GetProperty("items").EnumerateArray());
        Assert.Equal("demo", item.GetProperty("describedObject").GetProperty("name").GetString()); // "/demo" as a DNS-1123 name
        Assert.Equal("800m", item.GetProperty("value").GetString()); // 8 of 10 periods throttled
        Assert.Equal(10, item.GetProperty("windowSeconds").GetInt64());

        // Demand: 0.19 cores used + 0.64 s/s of throttle wait capped at 0.19 → 0.38 cores.
        string demand = await client.GetStringAsync("/apis/custom.metrics.k8s.io/v1beta1/namespaces/host/pods/demo/cpu_demand_cores");
        Assert.Contains("\"value\":\"380m\"", demand, StringComparison.Ordinal);

        // /metrics: clean for promtool, the kernel's counters as they are (10 s × 8 throttled periods = 80) and its wait histograms.
        string scrape = await client.GetStringAsync("/metrics");
        Promtool.AssertClean(scrape, "ktruth watch --serve");
        Assert.Contains("ktruth_cgroup_cpu_throttled_periods_total{cgroup=\"/demo\",pod_uid=\"\",container_id=\"\",namespace=\"\",pod=\"\",container=\"\"} 80\n", scrape, StringComparison.Ordinal);
        Assert.Contains("ktruth_cgroup_throttle_wait_seconds_count{cgroup=\"/demo\",pod_uid=\"\",container_id=\"\",namespace=\"\",pod=\"\",container=\"\"} 80\n", scrape, StringComparison.Ordinal);
        Assert.Contains("serving custom.metrics.k8s.io", test.Error.ToString(), StringComparison.Ordinal);
        Assert.Contains("no authentication, loopback only", test.Error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClientCa_RequestWithoutCertificate_401_WithCertificate_200()
    {
        using var ca = CreateCa();
        using var user = Issue(ca, "alice");
        string dir = Directory.CreateTempSubdirectory("ktruth-serve-").FullName;
        try
        {
            string caFile = Path.Combine(dir, "ca.pem");
            await File.WriteAllTextAsync(caFile, ca.ExportCertificatePem());
            var test = new TestEnvironment(); // the real clock: the certificates are valid now
            await using var server = await WatchServer.StartAsync(new ServeSettings { Address = "127.0.0.1:0", ClientCa = caFile }, null, test.Env, CancellationToken.None);
            using var anonymous = Client(server.Address);
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/apis")).StatusCode);
            using var alice = Client(server.Address, user);
            Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync("/apis")).StatusCode);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData(new[] { "--serve", "0.0.0.0:8443" }, "--serve 0.0.0.0:8443 is not a loopback address: serving beyond this host needs authentication; give --client-ca FILE")]
    [InlineData(new[] { "--serve", "nowhere" }, "--serve 'nowhere' is not ADDRESS:PORT")]
    [InlineData(new[] { "--serve", "127.0.0.1" }, "--serve '127.0.0.1' is not ADDRESS:PORT")]
    [InlineData(new[] { "--client-ca", "/etc/hostname" }, "only apply with --serve ADDRESS:PORT")]
    [InlineData(new[] { "--serve", "127.0.0.1:8443", "--tls-cert", "/etc/hostname" }, "--tls-cert and --tls-key go together")]
    [InlineData(new[] { "--serve", "0.0.0.0:8443", "--client-ca", "/nonexistent/ca.pem" }, "--client-ca /nonexistent/ca.pem: no such file")]
    public async Task Invoke_BadServeOptions_Exit2SayingWhatToSet(string[] args, string expected)
    {
        var test = new TestEnvironment();
        int exit = await KtruthCommand.RunAsync(test.Env, ["watch", .. args]);
        Assert.Equal(CliExitCodes.Usage, exit);
        Assert.Contains(expected, test.Error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1:8443")]
    [InlineData("localhost:8443")]
    [InlineData("[::1]:8443")]
    public void Validate_Loopback_NoAuthenticationNeeded(string address) =>
        Assert.Empty(new ServeSettings { Address = address }.Validate());

    [Fact]
    public void Validate_NonLoopbackWithClientCa_Accepted()
    {
        string file = Path.GetTempFileName();
        try
        {
            Assert.Empty(new ServeSettings { Address = "0.0.0.0:8443", ClientCa = file }.Validate());
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static X509Certificate2 CreateCa()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var req = new CertificateRequest("CN=test-ca", key, HashAlgorithmName.SHA256);
        req.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        req.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        var now = TimeProvider.System.GetUtcNow();
        using var cert = req.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));
        return X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pkcs12), null);
    }

    private static X509Certificate2 Issue(X509Certificate2 ca, string cn)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var req = new CertificateRequest($"CN={cn}", key, HashAlgorithmName.SHA256);
        req.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        var now = TimeProvider.System.GetUtcNow();
        using var signed = req.Create(ca, now.AddHours(-1), now.AddDays(7), [1, 2, 3, 4]);
        using var withKey = signed.CopyWithPrivateKey(key);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
