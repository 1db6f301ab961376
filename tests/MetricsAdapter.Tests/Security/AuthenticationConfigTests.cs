using KernelTruth.Kubernetes.Reviews;
using KernelTruth.MetricsAdapter.Security;
using KernelTruth.MetricsAdapter.Tests.Fakes;

namespace KernelTruth.MetricsAdapter.Tests.Security;

public class AuthenticationConfigTests
{
    [Fact]
    public void FromConfigMap_KubeadmShape_Parsed()
    {
        using var ca = TestPki.CreateCa("front-proxy-ca");
        var c = AuthenticationConfig.FromConfigMap(new Dictionary<string, string>
        {
            ["requestheader-client-ca-file"] = TestPki.Pem(ca),
            ["requestheader-allowed-names"] = "[\"front-proxy-client\"]",
            ["requestheader-username-headers"] = "[\"X-Remote-User\"]",
            ["requestheader-group-headers"] = "[\"X-Remote-Group\"]",
            ["requestheader-extra-headers-prefix"] = "[\"X-Remote-Extra-\"]",
        });
        Assert.Single(c.RequestHeaderCa);
        Assert.Equal(["front-proxy-client"], c.AllowedNames);
        Assert.Empty(c.ClientCa);
    }

    [Fact]
    public void FromConfigMap_HeadersMissing_KubeApiserverDefaults()
    {
        var c = AuthenticationConfig.FromConfigMap(new Dictionary<string, string>());
        Assert.Equal(["X-Remote-User"], c.UsernameHeaders);
        Assert.Equal(["X-Remote-Group"], c.GroupHeaders);
        Assert.Equal(["X-Remote-Extra-"], c.ExtraHeaderPrefixes);
    }

    [Theory]
    [InlineData("requestheader-allowed-names", "front-proxy-client", "requestheader-allowed-names: expected a JSON array")]
    [InlineData("client-ca-file", "-----BEGIN NOTHING-----", "client-ca-file: no CERTIFICATE block")]
    public void FromConfigMap_Malformed_NamesTheKey(string key, string value, string expected)
    {
        var ex = Assert.Throws<FormatException>(() => AuthenticationConfig.FromConfigMap(new Dictionary<string, string> { [key] = value }));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cache_BadRead_KeepsLastGood()
    {
        using var ca = TestPki.CreateCa("ca");
        var data = new Dictionary<string, string> { ["client-ca-file"] = TestPki.Pem(ca) };
        var cache = new AuthenticationConfigCache(new FixedConfigSource(data), TimeSpan.FromMinutes(5), TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        Assert.True(await cache.RefreshAsync(CancellationToken.None));
        data["client-ca-file"] = "garbage";
        Assert.False(await cache.RefreshAsync(CancellationToken.None));
        Assert.Single(cache.Current.ClientCa);
        Assert.Equal(1, cache.Generation);
    }
}

public class CachingAccessReviewerTests
{
    [Fact]
    public async Task ReviewAsync_ReusedWithinTtl_AskedAgainAfter()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var inner = new FakeAccessReviewer(_ => true);
        var cached = new CachingAccessReviewer(inner, TimeSpan.FromSeconds(10), clock);
        var request = new AccessRequest(new UserInfo("u", [], UserInfo.NoExtra), "get", "g", "v", "pods", "m", "ns", "*", null);
        await cached.ReviewAsync(request, default);
        clock.Advance(TimeSpan.FromSeconds(9));
        await cached.ReviewAsync(request, default);
        Assert.Single(inner.Asked);
        clock.Advance(TimeSpan.FromSeconds(2));
        await cached.ReviewAsync(request, default);
        Assert.Equal(2, inner.Asked.Count);
        await cached.ReviewAsync(request with { Namespace = "other" }, default);
        Assert.Equal(3, inner.Asked.Count);
    }
}
