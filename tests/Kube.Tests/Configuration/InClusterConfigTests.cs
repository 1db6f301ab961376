using KernelTruth.Kube.Configuration;
using KernelTruth.Kube.Tests.Fakes;

namespace KernelTruth.Kube.Tests.Configuration;

public sealed class InClusterConfigTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("serviceaccount-").FullName;
    private readonly Dictionary<string, string?> _env = new() { ["KUBERNETES_SERVICE_HOST"] = "10.96.0.1", ["KUBERNETES_SERVICE_PORT"] = "443" };
    private string _caPem = "";

    public async Task InitializeAsync()
    {
        await using var server = await KernelTruth.Kube.TestServer.KubeTestServer.StartAsync(new() { BookmarkInterval = null });
        _caPem = server.CertificateAuthorityPem;
        await File.WriteAllTextAsync(Path.Combine(_dir, "token"), "token-1\n");
        await File.WriteAllTextAsync(Path.Combine(_dir, "ca.crt"), _caPem);
        await File.WriteAllTextAsync(Path.Combine(_dir, "namespace"), "ktruth-system");
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_dir, recursive: true);
        return Task.CompletedTask;
    }

    private string? Env(string key) => _env.GetValueOrDefault(key);

    [Fact]
    public void Load_ServiceAccountFiles_ServerTokenCaNamespace()
    {
        var config = InClusterConfig.Load(Env, _dir);

        Assert.Equal(new Uri("https://10.96.0.1:443"), config.Server);
        Assert.Equal("token-1", config.Token!.Current);
        Assert.Equal("ktruth-system", config.Namespace);
        Assert.Single(config.CertificateAuthority!);
        Assert.True(InClusterConfig.IsAvailable(Env, _dir));
    }

    [Fact]
    public void Load_Ipv6Host_Bracketed()
    {
        _env["KUBERNETES_SERVICE_HOST"] = "fd00::1";

        var server = InClusterConfig.Load(Env, _dir).Server;

        Assert.Equal(("[fd00::1]", 443), (server.Host, server.Port));
    }

    [Fact]
    public void Token_RotatedFile_ReadAfterRefreshInterval()
    {
        var time = new ManualTimeProvider();
        var config = InClusterConfig.Load(Env, _dir, time, TimeSpan.FromMinutes(1));
        File.WriteAllText(Path.Combine(_dir, "token"), "token-2");

        var before = config.Token!.Current;
        time.Advance(TimeSpan.FromSeconds(59));
        var stillBefore = config.Token.Current;
        time.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(("token-1", "token-1", "token-2"), (before, stillBefore, config.Token.Current));
    }

    [Fact]
    public void Token_FileTemporarilyUnreadable_KeepsOldTokenOnRefreshAfter401()
    {
        var config = InClusterConfig.Load(Env, _dir);
        File.Delete(Path.Combine(_dir, "token"));

        Assert.False(config.Token!.TryRefreshAfterUnauthorized());
        Assert.Equal("token-1", config.Token.Current);
    }

    [Fact]
    public void Token_FileUnreadableAtPeriodicRefresh_KeepsOldTokenAndRetriesNextInterval()
    {
        var time = new ManualTimeProvider();
        var config = InClusterConfig.Load(Env, _dir, time, TimeSpan.FromMinutes(1));
        var tokenPath = Path.Combine(_dir, "token");
        File.Delete(tokenPath);
        time.Advance(TimeSpan.FromMinutes(2));

        var during = config.Token!.Current;
        File.WriteAllText(tokenPath, "token-3");
        var soonAfter = config.Token.Current; // within the interval after the failed read
        time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(("token-1", "token-1", "token-3"), (during, soonAfter, config.Token.Current));
    }

    [Theory]
    [InlineData("KUBERNETES_SERVICE_HOST", null, "environment", "KUBERNETES_SERVICE_HOST")]
    [InlineData("KUBERNETES_SERVICE_PORT", "https", "environment", "KUBERNETES_SERVICE_PORT")]
    [InlineData("KUBERNETES_SERVICE_PORT", "70000", "environment", "KUBERNETES_SERVICE_PORT")]
    public void Load_BadEnvironment_NamesTheVariable(string key, string? value, string source, string field)
    {
        _env[key] = value;

        var e = Assert.Throws<KubeConfigException>(() => InClusterConfig.Load(Env, _dir));

        Assert.Equal((source, field), (e.Source, e.Field));
    }

    [Theory]
    [InlineData("ca.crt", "ca.crt")]
    [InlineData("token", "token")]
    public void Load_MissingOrEmptyFile_NamesIt(string file, string field)
    {
        File.WriteAllText(Path.Combine(_dir, file), "");
        if (file == "ca.crt")
        {
            File.Delete(Path.Combine(_dir, file));
        }

        var e = Assert.Throws<KubeConfigException>(() => InClusterConfig.Load(Env, _dir));

        Assert.Equal(field, e.Field);
        Assert.EndsWith(file, e.Source, StringComparison.Ordinal);
    }
}
