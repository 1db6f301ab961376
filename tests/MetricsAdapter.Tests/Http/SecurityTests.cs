using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using KernelTruth.Kubernetes.Reviews;
using KernelTruth.MetricsAdapter.Security;
using KernelTruth.MetricsAdapter.Tests.Fakes;

namespace KernelTruth.MetricsAdapter.Tests.Http;

/// <summary>
/// The aggregator's security model (notes §2.5) over real TLS: front-proxy certificates against the
/// requestheader CA and allowed names, client-CA certificates, bearer tokens, SubjectAccessReview.
/// </summary>
public sealed class SecurityTests : IAsyncLifetime
{
    private const string PodsPath = "/apis/custom.metrics.k8s.io/v1beta2/namespaces/shop/pods/*/cpu_demand_cores";
    private readonly X509Certificate2 _frontProxyCa = TestPki.CreateCa("front-proxy-ca");
    private readonly X509Certificate2 _clientCa = TestPki.CreateCa("kubernetes-ca");
    private readonly X509Certificate2 _otherCa = TestPki.CreateCa("someone-else");
    private readonly FakeAccessReviewer _access = new(r => r.User.Name != "mallory");
    private AdapterServer _server = null!;

    public async Task InitializeAsync()
    {
        var config = new FixedConfigSource(new()
        {
            ["requestheader-client-ca-file"] = TestPki.Pem(_frontProxyCa),
            ["requestheader-allowed-names"] = "[\"front-proxy-client\"]",
            ["requestheader-username-headers"] = "[\"X-Remote-User\"]",
            ["requestheader-group-headers"] = "[\"X-Remote-Group\"]",
            ["requestheader-extra-headers-prefix"] = "[\"X-Remote-Extra-\"]",
            ["client-ca-file"] = TestPki.Pem(_clientCa),
        });
        var tokens = new FakeTokenReviewer(new() { ["good-token"] = new UserInfo("system:serviceaccount:kube-system:hpa", ["system:serviceaccounts"], UserInfo.NoExtra) });
        _server = await AdapterServer.StartAsync(auth: config, access: _access, tokens: tokens);
        SeedData.Publish(_server.Store);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<(HttpStatusCode Code, string Body)> GetAsync(X509Certificate2? cert, string path = PodsPath, string? bearer = null, Dictionary<string, string[]>? headers = null)
    {
        using var client = _server.Client(cert, bearer);
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        foreach (var (name, values) in headers ?? [])
        {
            request.Headers.TryAddWithoutValidation(name, values);
        }

        using var response = await client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static Dictionary<string, string[]> Remote(string user, params string[] groups) => new()
    {
        ["X-Remote-User"] = [user],
        ["X-Remote-Group"] = groups,
        ["X-Remote-Extra-Scopes"] = ["a"],
    };

    [Fact]
    public async Task FrontProxyCert_WithRemoteHeaders_AuthenticatedAsHeaderUser()
    {
        using var proxy = TestPki.Issue(_frontProxyCa, "front-proxy-client");
        var (code, body) = await GetAsync(proxy, headers: Remote("system:kube-controller-manager", "system:authenticated", "ops"));
        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Contains("\"MetricValueList\"", body, StringComparison.Ordinal);
        var asked = _access.Asked.Last();
        Assert.Equal("system:kube-controller-manager", asked.User.Name);
        Assert.Equal(["system:authenticated", "ops"], asked.User.Groups);
        Assert.Equal(["a"], asked.User.Extra["scopes"]);
        // The SAR asks what the generic request-info resolver derives from the path.
        Assert.Equal(("get", "custom.metrics.k8s.io", "v1beta2", "pods", "cpu_demand_cores", "shop", "*"),
            (asked.Verb, asked.Group, asked.Version, asked.Resource, asked.Subresource, asked.Namespace, asked.Name));
    }

    [Fact]
    public async Task NoCredentials_401Status()
    {
        var (code, body) = await GetAsync(null);
        Assert.Equal(HttpStatusCode.Unauthorized, code);
        Assert.Contains("\"reason\":\"Unauthorized\"", body, StringComparison.Ordinal);
        Assert.Contains("no credentials", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CertFromWrongCa_401()
    {
        using var stranger = TestPki.Issue(_otherCa, "front-proxy-client");
        var (code, body) = await GetAsync(stranger, headers: Remote("system:admin", "system:masters"));
        Assert.Equal(HttpStatusCode.Unauthorized, code);
        Assert.Contains("not signed by the requestheader or client CA", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FrontProxyCaCert_DisallowedCn_401()
    {
        using var wrongName = TestPki.Issue(_frontProxyCa, "not-the-proxy");
        var (code, body) = await GetAsync(wrongName, headers: Remote("system:admin", "system:masters"));
        Assert.Equal(HttpStatusCode.Unauthorized, code);
        Assert.Contains("CN 'not-the-proxy' is not in requestheader-allowed-names", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SpoofedRemoteUser_WithoutCert_401()
    {
        var (code, _) = await GetAsync(null, headers: Remote("system:admin", "system:masters"));
        Assert.Equal(HttpStatusCode.Unauthorized, code);
    }

    [Fact]
    public async Task SpoofedRemoteUser_WithClientCaCert_IsTheCertsUserNotTheHeaders()
    {
        using var alice = TestPki.Issue(_clientCa, "alice", "team-a");
        var (code, _) = await GetAsync(alice, headers: Remote("mallory-admin", "system:masters"));
        Assert.Equal(HttpStatusCode.OK, code);
        var asked = _access.Asked.Last();
        Assert.Equal("alice", asked.User.Name);
        Assert.Equal(["team-a"], asked.User.Groups);
        Assert.Empty(asked.User.Extra);
    }

    [Fact]
    public async Task SpoofedRemoteUser_WithBearerToken_IsTheTokensUser()
    {
        var (code, _) = await GetAsync(null, bearer: "good-token", headers: Remote("system:admin"));
        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal("system:serviceaccount:kube-system:hpa", _access.Asked.Last().User.Name);
    }

    [Fact]
    public async Task BadBearerToken_401()
    {
        var (code, body) = await GetAsync(null, bearer: "forged");
        Assert.Equal(HttpStatusCode.Unauthorized, code);
        Assert.Contains("rejected by TokenReview", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubjectAccessReviewDenies_403Status()
    {
        using var mallory = TestPki.Issue(_clientCa, "mallory");
        var (code, body) = await GetAsync(mallory);
        Assert.Equal(HttpStatusCode.Forbidden, code);
        Assert.Contains("\"reason\":\"Forbidden\"", body, StringComparison.Ordinal);
        Assert.Contains("user 'mallory' cannot get pods/cpu_demand_cores '*' in API group 'custom.metrics.k8s.io' in namespace 'shop'", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SameQuestionTwice_OneSubjectAccessReview()
    {
        using var bob = TestPki.Issue(_clientCa, "bob-cache-test");
        await GetAsync(bob);
        await GetAsync(bob);
        Assert.Single(_access.Asked, r => r.User.Name == "bob-cache-test");
    }

    [Fact]
    public async Task Discovery_NonResourceAttributes()
    {
        using var proxy = TestPki.Issue(_frontProxyCa, "front-proxy-client");
        var (code, _) = await GetAsync(proxy, "/apis/custom.metrics.k8s.io/v1beta2", headers: Remote("system:kube-aggregator", "system:masters"));
        Assert.Equal(HttpStatusCode.OK, code);
        var asked = _access.Asked.Last();
        Assert.Equal(("get", "/apis/custom.metrics.k8s.io/v1beta2", false), (asked.Verb, asked.Path, asked.IsResourceRequest));
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/livez")]
    [InlineData("/readyz")]
    public async Task HealthProbes_Unauthenticated_200(string path)
    {
        var (code, body) = await GetAsync(null, path);
        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal("ok", body);
    }

    [Fact]
    public async Task HugeSelector_400_ThenStillServing()
    {
        using var alice = TestPki.Issue(_clientCa, "alice");
        string selector = Uri.EscapeDataString(string.Join(',', Enumerable.Range(0, 1000).Select(i => $"k{i}=v")));
        var (code, body) = await GetAsync(alice, PodsPath + "?labelSelector=" + selector);
        Assert.Equal(HttpStatusCode.BadRequest, code);
        Assert.Contains("at most 4096", body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(alice)).Code);
    }

    [Fact]
    public async Task DeepPath_400_ThenStillServing()
    {
        using var alice = TestPki.Issue(_clientCa, "alice");
        var (code, body) = await GetAsync(alice, "/apis" + string.Concat(Enumerable.Repeat("/x", 200)));
        Assert.Equal(HttpStatusCode.BadRequest, code);
        Assert.Contains("more than 16 segments", body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(alice)).Code);
    }

    [Theory]
    [InlineData("/apis/custom.metrics.k8s.io/v1beta2/namespaces/%FF%FE/pods/*/cpu_demand_cores")]
    [InlineData(PodsPath + "?labelSelector=app%3D%C3%28")]
    [InlineData(PodsPath + "?labelSelector=app%3D%ED%A0%80")] // an encoded UTF-16 surrogate is not UTF-8
    public async Task InvalidUtf8_400_ThenStillServing(string path)
    {
        using var alice = TestPki.Issue(_clientCa, "alice");
        var (code, body) = await GetAsync(alice, path);
        Assert.Equal(HttpStatusCode.BadRequest, code);
        Assert.Contains("not valid UTF-8", body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(alice)).Code);
    }

    [Fact]
    public async Task LongQuery_414Status_ThenStillServing()
    {
        using var alice = TestPki.Issue(_clientCa, "alice");
        var (code, body) = await GetAsync(alice, PodsPath + "?x=" + new string('a', 20_000));
        Assert.Equal(HttpStatusCode.RequestUriTooLong, code);
        Assert.Contains("\"kind\":\"Status\"", body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(alice)).Code);
    }

    [Fact]
    public async Task TenMegabyteQuery_4xxOrClosed_ThenStillServing()
    {
        using var alice = TestPki.Issue(_clientCa, "alice");
        var sb = new StringBuilder(PodsPath + "?labelSelector=", 10_100_000).Append('a', 10 * 1024 * 1024);
        try
        {
            var (code, _) = await GetAsync(alice, sb.ToString());
            Assert.InRange((int)code, 400, 499); // Kestrel answers 414 past its request-line limit
        }
        catch (HttpRequestException)
        {
            // Kestrel may close the connection while the client is still sending the 10 MB: also a refusal.
        }

        Assert.Equal(HttpStatusCode.OK, (await GetAsync(alice)).Code);
    }
}
