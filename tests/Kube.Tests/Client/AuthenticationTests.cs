using KernelTruth.Kube.Client;
using KernelTruth.Kube.Configuration;
using KernelTruth.Kube.Model;
using KernelTruth.Kube.Resources;
using KernelTruth.Kube.TestServer;
using KernelTruth.Kube.Tests.Fakes;

namespace KernelTruth.Kube.Tests.Client;

public sealed class AuthenticationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kube-auth-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task TokenFile_RotatedAndOldTokenRevoked_ClientRecoversOnFirst401()
    {
        await using var server = await KubeTestServer.StartAsync();
        var path = Path.Combine(_dir, "token");
        var oldToken = server.IssueToken("sa");
        await File.WriteAllTextAsync(path, oldToken + "\n");
        using var client = new KubeClient(server.ClientConfig(KubeTokenSource.FromFile(path, TimeSpan.FromHours(1)), null), ServerAndClient.FastRetries);
        await client.ListAsync(KubeResources.ConfigMaps, "default", KubeJsonContext.Default.ConfigMap);

        var newToken = server.IssueToken("sa");
        await File.WriteAllTextAsync(path, newToken);
        server.RemoveToken(oldToken);
        await client.ListAsync(KubeResources.ConfigMaps, "default", KubeJsonContext.Default.ConfigMap);

        Assert.Equal([200, 401, 200], server.Requests.Select(r => r.StatusCode));
    }

    [Fact]
    public async Task TokenFile_RefreshIntervalPassed_NewTokenUsedWithout401()
    {
        await using var server = await KubeTestServer.StartAsync();
        var time = new ManualTimeProvider();
        var path = Path.Combine(_dir, "token");
        var oldToken = server.IssueToken("sa");
        await File.WriteAllTextAsync(path, oldToken);
        using var client = new KubeClient(server.ClientConfig(KubeTokenSource.FromFile(path, TimeSpan.FromMinutes(1), time), null), ServerAndClient.FastRetries);
        await client.ListAsync(KubeResources.ConfigMaps, "default", KubeJsonContext.Default.ConfigMap);

        var newToken = server.IssueToken("sa");
        await File.WriteAllTextAsync(path, newToken);
        server.RemoveToken(oldToken);
        time.Advance(TimeSpan.FromSeconds(61));
        await client.ListAsync(KubeResources.ConfigMaps, "default", KubeJsonContext.Default.ConfigMap);

        Assert.Equal([200, 200], server.Requests.Select(r => r.StatusCode));
    }

    [Fact]
    public async Task FixedToken_Revoked_ThrowsUnauthorizedOnce()
    {
        await using var server = await KubeTestServer.StartAsync();
        var token = server.IssueToken("sa");
        using var client = new KubeClient(server.ClientConfig(token), ServerAndClient.FastRetries);
        server.RemoveToken(token);

        var e = await Assert.ThrowsAsync<KubeApiException>(() => client.ListAsync(KubeResources.ConfigMaps, "default", KubeJsonContext.Default.ConfigMap));

        Assert.True(e.IsUnauthorized);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task ClientCertificate_MintedByServer_AuthenticatesAsItsCommonName()
    {
        await using var server = await KubeTestServer.StartAsync();
        using var client = new KubeClient(server.ClientConfig(server.MintClientCertificate("alice", "devs")));

        await client.ListAsync(KubeResources.Pods, null, KubeJsonContext.Default.Pod);

        var request = Assert.Single(server.Requests);
        Assert.Equal(("alice", "list", "pods", 200), (request.User, request.Verb, request.Resource, request.StatusCode));
    }

    [Fact]
    public async Task ServerCertificate_FromAnotherCa_Refused()
    {
        await using var server = await KubeTestServer.StartAsync();
        await using var other = await KubeTestServer.StartAsync();
        var config = server.ClientConfig(server.IssueToken("sa"));
        var wrongCa = new KubeClientConfig { Server = config.Server, Token = config.Token, CertificateAuthority = other.ClientConfig("x").CertificateAuthority };
        using var client = new KubeClient(wrongCa, ServerAndClient.FastRetries with { MaxRetries = 0 });

        var e = await Assert.ThrowsAsync<HttpRequestException>(() => client.ListAsync(KubeResources.Pods, null, KubeJsonContext.Default.Pod));

        Assert.Equal(HttpRequestError.SecureConnectionError, e.HttpRequestError);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task InsecureSkipTlsVerify_Set_AcceptsUnknownCa()
    {
        await using var server = await KubeTestServer.StartAsync();
        var token = server.IssueToken("sa");
        using var client = new KubeClient(new KubeClientConfig { Server = server.BaseAddress, Token = KubeTokenSource.Fixed(token), InsecureSkipTlsVerify = true });

        await client.ListAsync(KubeResources.Pods, null, KubeJsonContext.Default.Pod);

        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task KubeConfig_WrittenByServer_LoadsAndConnectsWithCertificate()
    {
        await using var server = await KubeTestServer.StartAsync();
        var path = server.WriteKubeConfig(Path.Combine(_dir, "config"), certificate: server.MintClientCertificate("bob"), @namespace: "team");

        var config = KubeConfigFile.Load(path);
        using var client = new KubeClient(config);
        await client.ListAsync(KubeResources.ConfigMaps, config.Namespace, KubeJsonContext.Default.ConfigMap);

        Assert.Equal("team", config.Namespace);
        var request = Assert.Single(server.Requests);
        Assert.Equal(("bob", "team"), (request.User, request.Namespace));
    }
}
