using System.Net;
using KernelTruth.MetricsAdapter.Tests.Fakes;

namespace KernelTruth.MetricsAdapter.Tests.Http;

/// <summary>Every response shape, byte for byte, against Golden/*.json.</summary>
public sealed class ResponseShapeTests : IAsyncLifetime
{
    private AdapterServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await AdapterServer.StartAsync();
        SeedData.Publish(_server.Store);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("custom-v1beta2-pods", "/apis/custom.metrics.k8s.io/v1beta2/namespaces/shop/pods/*/cpu_throttled_periods_ratio?labelSelector=app%3Dweb", 200)]
    [InlineData("custom-v1beta1-pods", "/apis/custom.metrics.k8s.io/v1beta1/namespaces/shop/pods/%2A/cpu_throttled_periods_ratio?labelSelector=app%3Dweb", 200)]
    [InlineData("custom-v1beta2-pod-named", "/apis/custom.metrics.k8s.io/v1beta2/namespaces/shop/pods/web-a/cpu_throttle_wait_seconds_p99", 200)]
    [InlineData("custom-v1beta2-deployment", "/apis/custom.metrics.k8s.io/v1beta2/namespaces/shop/deployments.apps/web/cpu_demand_utilization", 200)]
    [InlineData("custom-v1beta1-deployment", "/apis/custom.metrics.k8s.io/v1beta1/namespaces/shop/deployments.apps/web/cpu_demand_utilization", 200)]
    [InlineData("custom-v1beta2-statefulset", "/apis/custom.metrics.k8s.io/v1beta2/namespaces/shop/statefulsets.apps/db/cpu_demand_cores", 200)]
    [InlineData("custom-v1beta2-namespace", "/apis/custom.metrics.k8s.io/v1beta2/namespaces/shop/metrics/cpu_demand_cores", 200)]
    [InlineData("custom-v1beta1-namespace", "/apis/custom.metrics.k8s.io/v1beta1/namespaces/shop/metrics/cpu_contention_wait_seconds_p99", 200)]
    [InlineData("external-v1beta1", "/apis/external.metrics.k8s.io/v1beta1/namespaces/shop/cpu_demand_cores?labelSelector=app%3Dweb", 200)]
    [InlineData("discovery-apis", "/apis", 200)]
    [InlineData("discovery-group-custom", "/apis/custom.metrics.k8s.io", 200)]
    [InlineData("discovery-group-external", "/apis/external.metrics.k8s.io", 200)]
    [InlineData("discovery-custom-v1beta2", "/apis/custom.metrics.k8s.io/v1beta2", 200)]
    [InlineData("discovery-custom-v1beta1", "/apis/custom.metrics.k8s.io/v1beta1", 200)]
    [InlineData("discovery-external-v1beta1", "/apis/external.metrics.k8s.io/v1beta1", 200)]
    [InlineData("status-pod-unknown", "/apis/custom.metrics.k8s.io/v1beta2/namespaces/shop/pods/nope/cpu_demand_cores", 404)]
    [InlineData("status-no-request", "/apis/custom.metrics.k8s.io/v1beta2/namespaces/shop/pods/db-0/cpu_demand_utilization", 404)]
    [InlineData("status-metric-unknown", "/apis/custom.metrics.k8s.io/v1beta2/namespaces/shop/pods/*/memory_bytes", 404)]
    [InlineData("status-bad-selector", "/apis/custom.metrics.k8s.io/v1beta2/namespaces/shop/pods/*/cpu_demand_cores?labelSelector=app%20in%20web", 400)]
    [InlineData("status-resource-unknown", "/apis/custom.metrics.k8s.io/v1beta2/namespaces/shop/services/web/cpu_demand_cores", 404)]
    public async Task Get_Shape_MatchesGolden(string golden, string path, int code)
    {
        using var client = _server.Client();
        using var response = await client.GetAsync(path);
        Assert.Equal((HttpStatusCode)code, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Golden.AssertMatches(golden, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Get_AggregatedDiscoveryOnly_406WithStatus()
    {
        using var client = _server.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/apis");
        request.Headers.TryAddWithoutValidation("Accept", "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList");
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotAcceptable, response.StatusCode);
        Golden.AssertMatches("status-not-acceptable", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json")]
    [InlineData("application/vnd.kubernetes.protobuf, */*")]
    [InlineData("application/json")]
    public async Task Get_AcceptWithPlainJsonFallback_ServesApiGroupList(string accept)
    {
        using var client = _server.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/apis");
        request.Headers.TryAddWithoutValidation("Accept", accept);
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"kind\":\"APIGroupList\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_ProtobufOnly_406()
    {
        using var client = _server.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/apis/custom.metrics.k8s.io/v1beta2");
        request.Headers.TryAddWithoutValidation("Accept", "application/vnd.kubernetes.protobuf");
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotAcceptable, response.StatusCode);
    }

    [Fact]
    public async Task Get_AcceptGzip_LargeBodyCompressed_SameJson()
    {
        const string path = "/apis/custom.metrics.k8s.io/v1beta2";
        using var client = _server.Client();
        string plain = await client.GetStringAsync(path);
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip");
        using var response = await client.SendAsync(request);
        Assert.Equal(["gzip"], response.Content.Headers.ContentEncoding);
        byte[] compressed = await response.Content.ReadAsByteArrayAsync();
        Assert.True(compressed.Length < plain.Length / 5, $"{compressed.Length} bytes compressed of {plain.Length}");
        using var unzip = new System.IO.Compression.GZipStream(new MemoryStream(compressed), System.IO.Compression.CompressionMode.Decompress);
        Assert.Equal(plain, await new StreamReader(unzip).ReadToEndAsync());
    }

    [Fact]
    public async Task Post_MethodNotAllowed_405Status()
    {
        using var client = _server.Client();
        using var response = await client.PostAsync("/apis/custom.metrics.k8s.io/v1beta2", new StringContent("{}"));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Contains("\"kind\":\"Status\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_OtherPath_PassedToNextHandler()
    {
        using var client = _server.Client();
        Assert.Equal("other handler", await client.GetStringAsync("/other"));
    }

    [Fact]
    public async Task Get_NothingPublished_PodList404()
    {
        await using var empty = await AdapterServer.StartAsync();
        using var client = empty.Client();
        using var response = await client.GetAsync("/apis/custom.metrics.k8s.io/v1beta2/namespaces/shop/pods/*/cpu_demand_cores");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var ready = await client.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("no metrics published yet", await ready.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
    }
}
