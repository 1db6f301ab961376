using k8s;
using KernelTruth.Kube.TestServer;
using KernelTruth.Kubernetes.Connection;
using KernelTruth.Kubernetes.Tests.Fakes;

namespace KernelTruth.Kubernetes.Tests.Connection;

/// <summary>Who the server sees: kubeconfig tokens, client certificates and exec credential plugins, read by KubernetesClient through <see cref="ClusterConnection"/>.</summary>
public sealed class AuthenticationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kube-auth-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static IKubernetes Open(string kubeconfig) =>
        KubernetesClientFactory.Create(ClusterConnection.Load(kubeconfig, _ => null, TimeProvider.System), TimeProvider.System, ServerAndClient.FastRetries);

    [Fact]
    public async Task Kubeconfig_Token_AuthenticatesAsItsUser()
    {
        await using var server = await KubeTestServer.StartAsync();
        var path = server.WriteKubeConfig(Path.Combine(_dir, "config"), token: server.IssueToken("carol"));

        using var client = Open(path);
        await client.CoreV1.ListNamespacedConfigMapAsync("default");

        Assert.Equal(("carol", 200), Assert.Single(server.Requests) is var r ? (r.User, r.StatusCode) : default);
    }

    [Fact]
    public async Task Kubeconfig_ClientCertificate_AuthenticatesAsItsCommonNameInTheContextNamespace()
    {
        await using var server = await KubeTestServer.StartAsync();
        var path = server.WriteKubeConfig(Path.Combine(_dir, "config"), certificate: server.MintClientCertificate("bob", "ops"), @namespace: "team");

        var config = ClusterConnection.Load(path, _ => null, TimeProvider.System);
        using var client = KubernetesClientFactory.Create(config, TimeProvider.System);
        await client.CoreV1.ListNamespacedConfigMapAsync(config.Namespace);

        Assert.Equal("team", config.Namespace);
        Assert.Equal(("bob", "team"), Assert.Single(server.Requests) is var r ? (r.User, r.Namespace) : default);
    }

    [Fact]
    public async Task Kubeconfig_ExecPlugin_ClientAuthenticatesWithTheTokenItPrints()
    {
        await using var server = await KubeTestServer.StartAsync();
        string token = server.IssueToken("exec-user", "plugins");
        string seen = Path.Combine(_dir, "exec-info.json");

        // A credential plugin as kubectl runs it: it reads KUBERNETES_EXEC_INFO and prints an ExecCredential.
        string plugin = Script("credential.sh", $$$"""
            #!/bin/sh
            printf '%s' "$KUBERNETES_EXEC_INFO" > "$1"
            printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"%s"}}\n' "{{{token}}}"
            """);
        var path = server.WriteKubeConfig(Path.Combine(_dir, "config"), exec: [plugin, seen]);

        using var client = Open(path);
        await client.CoreV1.ListNamespacedConfigMapAsync("default");

        Assert.Equal(("exec-user", 200), Assert.Single(server.Requests) is var r ? (r.User, r.StatusCode) : default);
        Assert.Contains("\"apiVersion\":\"client.authentication.k8s.io/v1\"", await File.ReadAllTextAsync(seen), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kubeconfig_ExecPluginFails_OneLineNamingTheCommand()
    {
        await using var server = await KubeTestServer.StartAsync();
        string plugin = Script("broken.sh", "#!/bin/sh\necho 'cannot reach the identity provider' >&2\nexit 1\n");
        var path = server.WriteKubeConfig(Path.Combine(_dir, "config"), exec: [plugin]);

        var e = Assert.Throws<KubernetesConfigurationException>(() => ClusterConnection.Load(path, _ => null, TimeProvider.System));

        Assert.Equal($"kubeconfig {path}: the exec credential plugin '{plugin}' failed: it did not print an ExecCredential (JSON) on stdout", e.Message);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Kubeconfig_ExecPluginMissing_OneLineNamingTheCommand()
    {
        await using var server = await KubeTestServer.StartAsync();
        string plugin = Path.Combine(_dir, "no-such-plugin");
        var path = server.WriteKubeConfig(Path.Combine(_dir, "config"), exec: [plugin]);

        var e = Assert.Throws<KubernetesConfigurationException>(() => ClusterConnection.Load(path, _ => null, TimeProvider.System));

        Assert.StartsWith($"kubeconfig {path}: the exec credential plugin '{plugin}' failed: ", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public async Task Token_Revoked_Unauthorized()
    {
        await using var server = await KubeTestServer.StartAsync();
        var token = server.IssueToken("sa");
        using var client = server.Client(token);
        server.RemoveToken(token);

        var e = await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() => client.CoreV1.ListNamespacedConfigMapAsync("default"));

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, ApiErrors.StatusCode(e));
        Assert.Single(server.Requests); // a 401 is not retried
    }

    [Fact]
    public async Task ServerCertificate_FromAnotherCa_Refused()
    {
        await using var server = await KubeTestServer.StartAsync();
        await using var other = await KubeTestServer.StartAsync();
        var config = server.ClientConfig(server.IssueToken("sa"));
        config.SslCaCerts = other.ClientConfig("x").SslCaCerts;
        using var client = KubernetesClientFactory.Create(config, TimeProvider.System, new ApiRetryOptions { MaxRetries = 0 });

        var e = await Assert.ThrowsAsync<HttpRequestException>(() => client.CoreV1.ListPodForAllNamespacesAsync());

        Assert.Equal(HttpRequestError.SecureConnectionError, e.HttpRequestError);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task InsecureSkipTlsVerify_Set_AcceptsUnknownCa()
    {
        await using var server = await KubeTestServer.StartAsync();
        var config = server.ClientConfig(server.IssueToken("sa"));
        config.SslCaCerts = null;
        config.SkipTlsVerify = true;
        using var client = KubernetesClientFactory.Create(config, TimeProvider.System);

        await client.CoreV1.ListPodForAllNamespacesAsync();

        Assert.Single(server.Requests);
    }

    private string Script(string name, string text)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, text.Replace("\r\n", "\n", StringComparison.Ordinal));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return path;
    }
}
