using KernelTruth.Kube.Configuration;
using KernelTruth.Kube.TestServer;

namespace KernelTruth.Kube.Tests.Configuration;

public sealed class KubeConfigFileTests : IAsyncLifetime
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

    private string TwoContexts() => $$"""
        apiVersion: v1
        kind: Config
        current-context: prod
        clusters:
        - name: prod
          cluster:
            server: https://prod.example:6443
            certificate-authority-data: {{B64(_server.CertificateAuthorityPem)}}
        - name: dev
          cluster:
            server: https://dev.example
            insecure-skip-tls-verify: true
        users:
        - name: admin
          user:
            token: prod-token
        - name: dev
          user:
            tokenFile: dev-token
        contexts:
        - name: prod
          context: {cluster: prod, user: admin, namespace: payments}
        - name: dev
          context: {cluster: dev, user: dev}
        """;

    [Fact]
    public void Load_CurrentContext_ServerCaTokenNamespace()
    {
        var config = KubeConfigFile.Load(Write("config", TwoContexts()));

        Assert.Equal(new Uri("https://prod.example:6443"), config.Server);
        Assert.Equal("prod-token", config.Token!.Current);
        Assert.Equal("payments", config.Namespace);
        Assert.Equal(_server.CertificateAuthority.Thumbprint, Assert.Single(config.CertificateAuthority!).Thumbprint);
        Assert.False(config.InsecureSkipTlsVerify);
        Assert.Null(config.ClientCertificate);
    }

    [Fact]
    public void Load_NamedContext_RelativeTokenFileAndInsecure()
    {
        File.WriteAllText(Path.Combine(_dir, "dev-token"), "from-file\n");

        var config = KubeConfigFile.Load(Write("config", TwoContexts()), context: "dev");

        Assert.Equal("from-file", config.Token!.Current);
        Assert.Equal(Path.Combine(_dir, "dev-token"), config.Token.FilePath);
        Assert.True(config.InsecureSkipTlsVerify);
        Assert.Null(config.CertificateAuthority);
        Assert.Equal("default", config.Namespace);
    }

    [Fact]
    public void Load_CertificateFilesRelativeToConfig_ReadsClientCertificateAndCa()
    {
        var client = _server.MintClientCertificate("carol", "ops");
        Directory.CreateDirectory(Path.Combine(_dir, "pki"));
        File.WriteAllText(Path.Combine(_dir, "pki", "ca.crt"), _server.CertificateAuthorityPem);
        File.WriteAllText(Path.Combine(_dir, "pki", "carol.crt"), client.CertificatePem);
        File.WriteAllText(Path.Combine(_dir, "pki", "carol.key"), client.KeyPem);

        var config = KubeConfigFile.Load(Write("config", """
            current-context: c
            clusters: [{name: k, cluster: {server: "https://127.0.0.1:6443", certificate-authority: pki/ca.crt}}]
            users: [{name: carol, user: {client-certificate: pki/carol.crt, client-key: pki/carol.key}}]
            contexts: [{name: c, context: {cluster: k, user: carol}}]
            """));

        Assert.Equal(client.Certificate.Thumbprint, config.ClientCertificate!.Thumbprint);
        Assert.True(config.ClientCertificate.HasPrivateKey);
        Assert.Single(config.CertificateAuthority!);
        Assert.Null(config.Token);
    }

    [Fact]
    public void Load_SeveralFiles_FirstDefinitionWins()
    {
        var first = Write("a", """
            current-context: one
            clusters: [{name: k, cluster: {server: "https://first"}}]
            contexts: [{name: one, context: {cluster: k}}]
            """);
        var second = Write("b", """
            current-context: two
            clusters: [{name: k, cluster: {server: "https://second"}}, {name: other, cluster: {server: "https://other"}}]
            contexts: [{name: two, context: {cluster: other}}]
            """);

        Assert.Equal(new Uri("https://first"), KubeConfigFile.Load([first, second]).Server);
        Assert.Equal(new Uri("https://other"), KubeConfigFile.Load([first, second], "two").Server);
        Assert.Equal(new Uri("https://first"), KubeConfigFile.Load([Path.Combine(_dir, "missing"), first]).Server);
    }

    [Fact]
    public void DefaultPaths_KubeconfigVariable_SplitsOnPathSeparator()
    {
        var env = new Dictionary<string, string?> { ["KUBECONFIG"] = "/a/config:/b/config", ["HOME"] = "/home/u" };

        Assert.Equal(["/a/config", "/b/config"], KubeConfigFile.DefaultPaths(k => env.GetValueOrDefault(k)));
        Assert.Equal(["/home/u/.kube/config"], KubeConfigFile.DefaultPaths(k => k == "HOME" ? "/home/u" : null));
    }

    [Theory]
    [InlineData("clusters: [{name: k, cluster: {server: x}", "line", "not valid YAML")]
    [InlineData("clusters: [{name: k, cluster: {}}]\ncontexts: [{name: c, context: {cluster: k}}]\ncurrent-context: c", "clusters[k].cluster.server", "missing")]
    [InlineData("clusters: [{name: k, cluster: {server: 'ftp://x'}}]\ncontexts: [{name: c, context: {cluster: k}}]\ncurrent-context: c", "clusters[k].cluster.server", "not an http(s) URL")]
    [InlineData("clusters: [{name: k, cluster: {server: 'https://x'}}]\ncontexts: [{name: c, context: {cluster: k, user: ghost}}]\ncurrent-context: c", "users[ghost]", "no entry")]
    [InlineData("clusters: [{name: k, cluster: {server: 'https://x'}}]\ncontexts: [{name: c, context: {cluster: k}}]", "current-context", "not set")]
    [InlineData("clusters: [{name: k, cluster: {server: 'https://x', certificate-authority-data: '***'}}]\ncontexts: [{name: c, context: {cluster: k}}]\ncurrent-context: c", "clusters[k].cluster.certificate-authority-data", "not valid base64")]
    [InlineData("clusters: [{name: k, cluster: {server: 'https://x', certificate-authority-data: 'aGVsbG8='}}]\ncontexts: [{name: c, context: {cluster: k}}]\ncurrent-context: c", "clusters[k].cluster.certificate-authority-data", "no PEM certificate")]
    [InlineData("clusters: [{name: k, cluster: {server: 'https://x', insecure-skip-tls-verify: maybe}}]\ncontexts: [{name: c, context: {cluster: k}}]\ncurrent-context: c", "clusters[k].cluster.insecure-skip-tls-verify", "not true or false")]
    [InlineData("clusters: [{name: k, cluster: {server: 'https://x'}}]\nusers: [{name: u, user: {exec: {command: aws}}}]\ncontexts: [{name: c, context: {cluster: k, user: u}}]\ncurrent-context: c", "users[u].user.exec", "not supported")]
    [InlineData("clusters: [{name: k, cluster: {server: 'https://x'}}]\nusers: [{name: u, user: {client-key-data: 'aGVsbG8='}}]\ncontexts: [{name: c, context: {cluster: k, user: u}}]\ncurrent-context: c", "users[u].user.client-certificate", "no client certificate")]
    [InlineData("clusters: [{name: k, cluster: {server: 'https://x', certificate-authority: nothere.crt}}]\ncontexts: [{name: c, context: {cluster: k}}]\ncurrent-context: c", "clusters[k].cluster.certificate-authority", "cannot read")]
    [InlineData("clusters: [{name: k, cluster: {server: 'http://x'}}]\nusers: [{name: u, user: {token: t}}]\ncontexts: [{name: c, context: {cluster: k, user: u}}]\ncurrent-context: c", "clusters[k].cluster.server", "plain http")]
    [InlineData("clusters: {name: k}", "clusters", "must be a list")]
    public void Load_Malformed_ThrowsNamingFileAndField(string yaml, string field, string problem)
    {
        var path = Write("bad", yaml);

        var e = Assert.Throws<KubeConfigException>(() => KubeConfigFile.Load(path));

        Assert.Equal(path, e.Source);
        Assert.StartsWith(field, e.Field, StringComparison.Ordinal);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ClientKeyNotMatchingCertificate_NamesTheKeyField()
    {
        var alice = _server.MintClientCertificate("alice");
        var bob = _server.MintClientCertificate("bob");
        var path = Write("bad", $$$"""
            current-context: c
            clusters: [{name: k, cluster: {server: 'https://x'}}]
            users: [{name: u, user: {client-certificate-data: {{{B64(alice.CertificatePem)}}}, client-key-data: {{{B64(bob.KeyPem)}}}}}]
            contexts: [{name: c, context: {cluster: k, user: u}}]
            """);

        var e = Assert.Throws<KubeConfigException>(() => KubeConfigFile.Load(path));

        Assert.Equal("users[u].user.client-key-data", e.Field);
    }

    [Fact]
    public void Load_NoFile_Throws()
    {
        var e = Assert.Throws<KubeConfigException>(() => KubeConfigFile.Load(Path.Combine(_dir, "none")));

        Assert.Equal("file", e.Field);
    }
}
