using k8s;
using k8s.Autorest;
using KernelTruth.Kube.TestServer;
using KernelTruth.Kubernetes.Connection;
using KernelTruth.Kubernetes.Tests.Fakes;

namespace KernelTruth.Kubernetes.Tests.Connection;

/// <summary>The pod's configuration from its service-account files, and the token's rotation.</summary>
public sealed class InClusterConfigurationTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("serviceaccount-").FullName;
    private readonly Dictionary<string, string?> _env = new() { ["KUBERNETES_SERVICE_HOST"] = "10.96.0.1", ["KUBERNETES_SERVICE_PORT"] = "443" };
    private KubeTestServer _server = null!;

    private string TokenPath => Path.Combine(_dir, "token");

    public async Task InitializeAsync()
    {
        _server = await KubeTestServer.StartAsync(new() { BookmarkInterval = null });
        await File.WriteAllTextAsync(TokenPath, "token-1\n");
        await File.WriteAllTextAsync(Path.Combine(_dir, "ca.crt"), _server.CertificateAuthorityPem);
        await File.WriteAllTextAsync(Path.Combine(_dir, "namespace"), "ktruth-system");
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private string? Env(string key) => _env.GetValueOrDefault(key);

    [Fact]
    public void Load_ServiceAccountFiles_ServerTokenCaNamespace()
    {
        var config = InClusterConfiguration.Load(Env, _dir, TimeProvider.System);

        Assert.Equal("https://10.96.0.1:443", config.Host);
        Assert.Equal("token-1", Assert.IsType<ServiceAccountToken>(config.TokenProvider).Current);
        Assert.Equal("ktruth-system", config.Namespace);
        Assert.Equal(_server.CertificateAuthority.Thumbprint, Assert.Single(config.SslCaCerts!).Thumbprint);
        Assert.True(InClusterConfiguration.IsAvailable(Env, _dir));
    }

    [Fact]
    public void Load_Ipv6Host_Bracketed()
    {
        _env["KUBERNETES_SERVICE_HOST"] = "fd00::1";

        Assert.Equal("https://[fd00::1]:443", InClusterConfiguration.Load(Env, _dir, TimeProvider.System).Host);
    }

    [Fact]
    public void Token_RotatedFile_ReadAfterRefreshInterval()
    {
        var time = new ManualTimeProvider();
        var token = new ServiceAccountToken(TokenPath, time, TimeSpan.FromMinutes(1));
        File.WriteAllText(TokenPath, "token-2");

        var before = token.Current;
        time.Advance(TimeSpan.FromSeconds(59));
        var stillBefore = token.Current;
        time.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(("token-1", "token-1", "token-2"), (before, stillBefore, token.Current));
    }

    [Fact]
    public void Token_FileUnreadableAtRefresh_KeepsOldTokenAndTriesAgainNextInterval()
    {
        var time = new ManualTimeProvider();
        var token = new ServiceAccountToken(TokenPath, time, TimeSpan.FromMinutes(1));
        File.Delete(TokenPath);
        time.Advance(TimeSpan.FromMinutes(2));

        var during = token.Current;
        File.WriteAllText(TokenPath, "token-3");
        var soonAfter = token.Current; // within the interval after the failed read
        time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(("token-1", "token-1", "token-3"), (during, soonAfter, token.Current));
    }

    [Fact]
    public async Task Client_TokenRotatedAndOldOneRevoked_NextRequestAfterTheIntervalUsesTheNewOne()
    {
        // The service account pointed at the test server, as a pod's would be at the cluster's API.
        _env["KUBERNETES_SERVICE_HOST"] = "127.0.0.1";
        _env["KUBERNETES_SERVICE_PORT"] = _server.BaseAddress.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string first = _server.IssueToken("system:serviceaccount:kernel-truth:ktruth-recommender");
        await File.WriteAllTextAsync(TokenPath, first);
        var time = new ManualTimeProvider();
        using var client = KubernetesClientFactory.Create(InClusterConfiguration.Load(Env, _dir, time), time, new ApiRetryOptions { MaxRetries = 0 });
        await client.CoreV1.ListNamespacedConfigMapAsync("ktruth-system");

        // The kubelet writes a new token; the old one stops working a little later.
        string second = _server.IssueToken("system:serviceaccount:kernel-truth:ktruth-recommender");
        await File.WriteAllTextAsync(TokenPath, second);
        _server.RemoveToken(first);
        var early = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.ListNamespacedConfigMapAsync("ktruth-system"));
        time.Advance(ServiceAccountToken.DefaultRefreshInterval);
        await client.CoreV1.ListNamespacedConfigMapAsync("ktruth-system");

        // Within the minute the cached token is still sent (and now refused); after it, the file is read again.
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, ApiErrors.StatusCode(early));
        Assert.Equal([200, 401, 200], _server.Requests.Select(r => r.StatusCode));
    }

    [Theory]
    [InlineData("KUBERNETES_SERVICE_HOST", null, "KUBERNETES_SERVICE_HOST is not set")]
    [InlineData("KUBERNETES_SERVICE_PORT", "https", "KUBERNETES_SERVICE_PORT 'https' is not a TCP port")]
    [InlineData("KUBERNETES_SERVICE_PORT", "70000", "KUBERNETES_SERVICE_PORT '70000' is not a TCP port")]
    public void Load_BadEnvironment_NamesTheVariable(string key, string? value, string problem)
    {
        _env[key] = value;

        var e = Assert.Throws<KubernetesConfigurationException>(() => InClusterConfiguration.Load(Env, _dir, TimeProvider.System));

        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ca.crt", true)]
    [InlineData("ca.crt", false)]
    [InlineData("token", false)]
    public void Load_MissingOrEmptyFile_NamesIt(string file, bool delete)
    {
        string path = Path.Combine(_dir, file);
        File.WriteAllText(path, "");
        if (delete)
        {
            File.Delete(path);
        }

        var e = Assert.Throws<KubernetesConfigurationException>(() => InClusterConfiguration.Load(Env, _dir, TimeProvider.System));

        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }
}
