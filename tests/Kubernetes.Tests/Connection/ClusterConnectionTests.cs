using KernelTruth.Kube.TestServer;
using KernelTruth.Kubernetes.Connection;

namespace KernelTruth.Kubernetes.Tests.Connection;

/// <summary>Which configuration is used, and a bad one as one line naming the file.</summary>
public sealed class ClusterConnectionTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kubeconfig-").FullName;
    private KubeTestServer _server = null!;

    public async Task InitializeAsync() => _server = await KubeTestServer.StartAsync(new KubeTestServerOptions { BookmarkInterval = null });

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private string Write(string name, string yaml)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, yaml);
        return path;
    }

    private static string B64(string text) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(text));

    private const string TwoContexts = """
        apiVersion: v1
        kind: Config
        current-context: prod
        clusters:
        - name: prod
          cluster: {server: https://prod.example:6443, insecure-skip-tls-verify: true}
        - name: dev
          cluster: {server: https://dev.example, insecure-skip-tls-verify: true}
        users:
        - name: admin
          user: {token: t}
        contexts:
        - name: prod
          context: {cluster: prod, user: admin, namespace: payments}
        - name: dev
          context: {cluster: dev, user: admin, namespace: sandbox}
        """;

    [Fact]
    public void Load_ContextNamed_ThatContextsServerAndNamespace()
    {
        var config = ClusterConnection.Load(Write("config", TwoContexts), _ => null, TimeProvider.System, context: "dev");

        Assert.Equal("https://dev.example", config.Host.TrimEnd('/'));
        Assert.Equal("sandbox", config.Namespace);
    }

    [Fact]
    public void Load_UnknownContext_OneLineNamingIt()
    {
        var path = Write("config", TwoContexts);

        var e = Assert.Throws<KubernetesConfigurationException>(() => ClusterConnection.Load(path, _ => null, TimeProvider.System, context: "staging"));

        Assert.StartsWith($"kubeconfig {path}: ", e.Message, StringComparison.Ordinal);
        Assert.Contains("staging", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Load_ContextWithSeveralKubeconfigFiles_SaysToGiveOne()
    {
        var a = Write("a", TwoContexts);
        var b = Write("b", TwoContexts);

        var e = Assert.Throws<KubernetesConfigurationException>(() =>
            ClusterConnection.Load(null, name => name == "KUBECONFIG" ? $"{a}:{b}" : null, TimeProvider.System, Path.Combine(_dir, "no-account"), context: "dev"));

        Assert.Contains("give --kubeconfig FILE", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ExplicitKubeconfig_CurrentContextServerCaTokenNamespace()
    {
        var path = Write("config", $$"""
            apiVersion: v1
            kind: Config
            current-context: prod
            clusters:
            - name: prod
              cluster:
                server: https://prod.example:6443
                certificate-authority-data: {{B64(_server.CertificateAuthorityPem)}}
            - name: dev
              cluster: {server: https://dev.example, insecure-skip-tls-verify: true}
            users:
            - name: admin
              user: {token: prod-token}
            contexts:
            - name: prod
              context: {cluster: prod, user: admin, namespace: payments}
            - name: dev
              context: {cluster: dev, user: admin}
            """);

        var config = ClusterConnection.Load(path, _ => null, TimeProvider.System);

        Assert.Equal("https://prod.example:6443", config.Host);
        Assert.Equal("prod-token", config.AccessToken);
        Assert.Equal("payments", config.Namespace);
        Assert.Equal(_server.CertificateAuthority.Thumbprint, Assert.Single(config.SslCaCerts!).Thumbprint);
        Assert.False(config.SkipTlsVerify);
    }

    [Fact]
    public void Load_KubeconfigVariable_ReadsThatFile()
    {
        var path = _server.WriteKubeConfig(Path.Combine(_dir, "from-env"), token: "t");
        var env = new Dictionary<string, string?> { ["KUBECONFIG"] = path, ["HOME"] = _dir };

        var config = ClusterConnection.Load(null, env.GetValueOrDefault, TimeProvider.System);

        Assert.Equal(_server.BaseAddress.ToString().TrimEnd('/'), config.Host.TrimEnd('/'));
    }

    [Fact]
    public void Load_InAPod_ServiceAccountBeforeKubeconfig()
    {
        string account = Directory.CreateDirectory(Path.Combine(_dir, "serviceaccount")).FullName;
        File.WriteAllText(Path.Combine(account, "token"), "sa-token");
        File.WriteAllText(Path.Combine(account, "ca.crt"), _server.CertificateAuthorityPem);
        var env = new Dictionary<string, string?>
        {
            ["KUBERNETES_SERVICE_HOST"] = "10.96.0.1", ["KUBERNETES_SERVICE_PORT"] = "443",
            ["KUBECONFIG"] = _server.WriteKubeConfig(Path.Combine(_dir, "config"), token: "t"),
        };

        var config = ClusterConnection.Load(null, env.GetValueOrDefault, TimeProvider.System, account);

        Assert.Equal("https://10.96.0.1:443", config.Host);
        Assert.IsType<ServiceAccountToken>(config.TokenProvider);
    }

    [Fact]
    public void Load_NothingAnywhere_SaysWhatToGive()
    {
        var env = new Dictionary<string, string?> { ["HOME"] = _dir };

        var e = Assert.Throws<KubernetesConfigurationException>(() => ClusterConnection.Load(null, env.GetValueOrDefault, TimeProvider.System, Path.Combine(_dir, "none")));

        Assert.Contains(Path.Combine(_dir, ".kube", "config"), e.Message, StringComparison.Ordinal);
        Assert.EndsWith("give --kubeconfig PATH", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("clusters: [{name: k, cluster: {server: x}", "not valid YAML at line 2")]
    [InlineData("current-context: c\nclusters: [{name: k, cluster: {}}]\ncontexts: [{name: c, context: {cluster: k}}]", "Server not found")]
    [InlineData("current-context: c\nclusters: [{name: k, cluster: {server: 'https://x'}}]\ncontexts: [{name: c, context: {cluster: k, user: ghost}}]", "User not found")]
    [InlineData("current-context: nope\nclusters: [{name: k, cluster: {server: 'https://x'}}]\ncontexts: [{name: c, context: {cluster: k}}]", "nope not found")]
    [InlineData("current-context: c\nclusters: [{name: k, cluster: {server: 'https://x', certificate-authority-data: '***'}}]\ncontexts: [{name: c, context: {cluster: k}}]", "")]
    [InlineData("current-context: c\nclusters: [{name: k, cluster: {server: 'https://x', certificate-authority: nothere.crt}}]\ncontexts: [{name: c, context: {cluster: k}}]", "")]
    [InlineData("current-context: c\nclusters: [{name: k, cluster: {server: 'http://x'}}]\nusers: [{name: u, user: {token: t}}]\ncontexts: [{name: c, context: {cluster: k, user: u}}]", "plain http")]
    public void Load_BadKubeconfig_OneLineNamingTheFile(string yaml, string problem)
    {
        var path = Write("bad", yaml);

        var e = Assert.Throws<KubernetesConfigurationException>(() => ClusterConnection.Load(path, _ => null, TimeProvider.System));

        Assert.StartsWith($"kubeconfig {path}: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
        Assert.True(e.Message.Length > $"kubeconfig {path}: ".Length + 5, e.Message);
    }

    [Fact]
    public void Load_MissingFile_SaysSo()
    {
        var path = Path.Combine(_dir, "none");

        var e = Assert.Throws<KubernetesConfigurationException>(() => ClusterConnection.Load(path, _ => null, TimeProvider.System));

        Assert.Equal($"kubeconfig {path}: no such file", e.Message);
    }

    [Fact]
    public void Create_ClientKeyNotMatchingCertificate_OneLine()
    {
        var alice = _server.MintClientCertificate("alice");
        var bob = _server.MintClientCertificate("bob");
        var path = Write("mismatch", $$$"""
            current-context: c
            clusters: [{name: k, cluster: {server: 'https://x'}}]
            users: [{name: u, user: {client-certificate-data: {{{B64(alice.CertificatePem)}}}, client-key-data: {{{B64(bob.KeyPem)}}}}}]
            contexts: [{name: c, context: {cluster: k, user: u}}]
            """);

        var e = Assert.Throws<KubernetesConfigurationException>(() =>
            KubernetesClientFactory.Create(ClusterConnection.Load(path, _ => null, TimeProvider.System), TimeProvider.System).Dispose());

        Assert.StartsWith("the client certificate of https://x does not load: ", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }
}
