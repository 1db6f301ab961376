using System.Diagnostics;
using System.Text;
using System.Text.Json;
using KernelTruth.MetricsAdapter.Tests.Fakes;

namespace KernelTruth.MetricsAdapter.Tests.Http;

/// <summary>
/// A real client: <c>kubectl get --raw</c> with a kubeconfig pointing at the adapter, trusting its
/// serving certificate and presenting a client certificate from the client CA. Without kubectl
/// the tests fail under CI=true (it is a prerequisite there) and pass vacuously only outside CI,
/// saying so on the test output.
/// </summary>
public sealed class KubectlTests : IAsyncLifetime
{
    private readonly X509Certificate2Holder _pki = new();
    private readonly FakeAccessReviewer _access = new(_ => true);
    private AdapterServer _server = null!;
    private string _dir = null!;

    public async Task InitializeAsync()
    {
        _server = await AdapterServer.StartAsync(
            auth: new FixedConfigSource(new() { ["client-ca-file"] = TestPki.Pem(_pki.ClientCa) }),
            access: _access);
        SeedData.Publish(_server.Store);
        _dir = Directory.CreateTempSubdirectory("ktruth-kubectl-").FullName;
        File.WriteAllText(Path.Combine(_dir, "config"), Kubeconfig());
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private string Kubeconfig()
    {
        static string B64(string pem) => Convert.ToBase64String(Encoding.ASCII.GetBytes(pem));
        return $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: adapter
              cluster:
                server: {_server.BaseAddress.ToString().TrimEnd('/')}
                certificate-authority-data: {B64(TestPki.Pem(_server.ServingCertificate))}
            users:
            - name: hpa
              user:
                client-certificate-data: {B64(TestPki.Pem(_pki.User))}
                client-key-data: {B64(TestPki.KeyPem(_pki.User))}
            contexts:
            - name: adapter
              context:
                cluster: adapter
                user: hpa
            current-context: adapter
            """;
    }

    private static string? Kubectl()
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(dir, "kubectl");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private async Task<(int Exit, string Out, string Err)> GetRawAsync(string path)
    {
        string? kubectl = Kubectl();
        Assert.False(kubectl is null && Environment.GetEnvironmentVariable("CI") == "true",
            "kubectl is not on PATH: install it (deploy/host/setup.sh does) — these tests run a real client against the adapter");
        if (kubectl is null)
        {
            return (-1, "", "kubectl missing");
        }

        var psi = new ProcessStartInfo(kubectl) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in new[] { "--kubeconfig", Path.Combine(_dir, "config"), "get", "--raw", path, "--request-timeout=20s" })
        {
            psi.ArgumentList.Add(arg);
        }

        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await p.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            throw;
        }

        return (p.ExitCode, await stdout, await stderr);
    }

    [Theory]
    [InlineData("/apis/custom.metrics.k8s.io/v1beta2/namespaces/shop/pods/*/cpu_throttled_periods_ratio?labelSelector=app%3Dweb", "web-a=300m,web-b=100m")]
    [InlineData("/apis/custom.metrics.k8s.io/v1beta1/namespaces/shop/pods/web-b/cpu_demand_utilization", "web-b=500m")]
    [InlineData("/apis/custom.metrics.k8s.io/v1beta2/namespaces/shop/deployments.apps/web/cpu_demand_cores", "web=700m")]
    [InlineData("/apis/custom.metrics.k8s.io/v1beta2/namespaces/shop/metrics/cpu_demand_cores", "shop=2200m")]
    public async Task GetRaw_CustomMetrics_Values(string path, string expected)
    {
        var (exit, output, err) = await GetRawAsync(path);
        if (exit == -1)
        {
            return; // not CI and no kubectl: said in GetRawAsync's assertion message when it matters
        }

        Assert.True(exit == 0, $"kubectl exited {exit}: {err}");
        using var doc = JsonDocument.Parse(output);
        string actual = string.Join(',', doc.RootElement.GetProperty("items").EnumerateArray()
            .Select(i => $"{i.GetProperty("describedObject").GetProperty("name").GetString()}={i.GetProperty("value").GetString()}"));
        Assert.Equal(expected, actual);
        Assert.Equal("hpa-user", _access.Asked.Last().User.Name);
    }

    [Fact]
    public async Task GetRaw_ExternalAndDiscovery()
    {
        var (exit, output, err) = await GetRawAsync("/apis/external.metrics.k8s.io/v1beta1/namespaces/shop/cpu_demand_cores?labelSelector=app%3Ddb");
        if (exit == -1)
        {
            return;
        }

        Assert.True(exit == 0, $"kubectl exited {exit}: {err}");
        Assert.Contains("\"value\":\"1500m\"", output, StringComparison.Ordinal);
        (exit, output, err) = await GetRawAsync("/apis/custom.metrics.k8s.io/v1beta2");
        Assert.True(exit == 0, $"kubectl exited {exit}: {err}");
        Assert.Contains("\"kind\":\"APIResourceList\"", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("app%3Ddb", "2")] // db-0's forecast, 2 cores
    [InlineData("app%3Dweb", "700m")] // no forecast for web's pods: their demand, 0.45 + 0.25
    public async Task GetRaw_ExternalDemandForecast_ValueForTheSelectedPods(string selector, string expected)
    {
        var (exit, output, err) = await GetRawAsync($"/apis/external.metrics.k8s.io/v1beta1/namespaces/shop/cpu_demand_forecast_cores?labelSelector={selector}");
        if (exit == -1)
        {
            return;
        }

        Assert.True(exit == 0, $"kubectl exited {exit}: {err}");
        using var doc = JsonDocument.Parse(output);
        var only = Assert.Single(doc.RootElement.GetProperty("items").EnumerateArray());
        Assert.Equal("cpu_demand_forecast_cores", only.GetProperty("metricName").GetString());
        Assert.Equal(expected, only.GetProperty("value").GetString());
    }

    [Fact]
    public async Task GetRaw_UnknownPod_FailsWithStatusMessage()
    {
        var (exit, _, err) = await GetRawAsync("/apis/custom.metrics.k8s.io/v1beta2/namespaces/shop/pods/ghost/cpu_demand_cores");
        if (exit == -1)
        {
            return;
        }

        Assert.NotEqual(0, exit);
        Assert.Contains("NotFound", err, StringComparison.Ordinal);
    }

    /// <summary>The client CA and the kubectl user's certificate.</summary>
    private sealed class X509Certificate2Holder
    {
        public System.Security.Cryptography.X509Certificates.X509Certificate2 ClientCa { get; } = TestPki.CreateCa("kubernetes-ca");

        public System.Security.Cryptography.X509Certificates.X509Certificate2 User => _user ??= TestPki.Issue(ClientCa, "hpa-user", "system:authenticated");

        private System.Security.Cryptography.X509Certificates.X509Certificate2? _user;
    }
}
