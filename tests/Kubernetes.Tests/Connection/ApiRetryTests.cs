using System.Net;
using k8s;
using k8s.Autorest;
using KernelTruth.Kubernetes.Connection;
using KernelTruth.Kubernetes.Tests.Fakes;

namespace KernelTruth.Kubernetes.Tests.Connection;

/// <summary>
/// The read retries <see cref="KubernetesClientFactory"/> puts in front of KubernetesClient (Microsoft.Extensions.Http.Resilience):
/// reads are retried on 5xx, 429 (after its Retry-After) and no connection; writes never are.
/// </summary>
public sealed class ApiRetryTests
{
    [Fact]
    public async Task Read_ThreeServerErrors_RetriedThenSucceeds()
    {
        await using var kube = await ServerAndClient.StartAsync();
        await kube.Client.CoreV1.CreateNamespacedConfigMapAsync(Objects.ConfigMap("a"), "default");
        kube.Server.ClearRequests();
        kube.Server.FailNextRequests(3, 500);

        var cm = await kube.Client.CoreV1.ReadNamespacedConfigMapAsync("a", "default");

        Assert.Equal("v", cm.Data["k"]);
        Assert.Equal([500, 500, 500, 200], kube.Server.Requests.Select(r => r.StatusCode));
    }

    [Fact]
    public async Task List_TooManyRequests_WaitsRetryAfter()
    {
        var time = new RecordingTimeProvider();
        await using var kube = await ServerAndClient.StartAsync();
        using var client = kube.Server.Client(kube.Token, ServerAndClient.FastRetries with { MaxDelay = TimeSpan.FromSeconds(5) }, time);
        kube.Server.FailNextRequests(2, 429, retryAfter: TimeSpan.FromSeconds(1));

        var list = await client.CoreV1.ListNamespacedConfigMapAsync("default");

        Assert.Empty(list.Items);
        // Two waits of exactly the server's Retry-After, not the ~10 ms the backoff would have chosen.
        Assert.Equal(2, time.DueTimes.Count(d => d == TimeSpan.FromSeconds(1)));
        Assert.Equal(3, kube.Server.Requests.Count(r => r.Verb == "list"));
    }

    [Fact]
    public async Task Read_FailsLongerThanRetries_ThrowsLastStatus()
    {
        await using var kube = await ServerAndClient.StartAsync();
        using var client = kube.Server.Client(kube.Token, ServerAndClient.FastRetries with { MaxRetries = 2 });
        kube.Server.FailAllFor(TimeSpan.FromMinutes(1), 500);

        var e = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.ReadNamespacedConfigMapAsync("a", "default"));

        Assert.Equal("500 InternalError: injected fault", ApiErrors.Describe(e));
        Assert.Equal(3, kube.Server.Requests.Count); // the first try and two retries
    }

    [Fact]
    public async Task Read_NotFound_NotRetried()
    {
        await using var kube = await ServerAndClient.StartAsync();

        await Assert.ThrowsAsync<HttpOperationException>(() => kube.Client.CoreV1.ReadNamespacedConfigMapAsync("a", "default"));

        Assert.Single(kube.Server.Requests);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(429)]
    public async Task Create_Failure_NotRetried(int code)
    {
        await using var kube = await ServerAndClient.StartAsync();
        kube.Server.FailNextRequests(1, code);

        var e = await Assert.ThrowsAsync<HttpOperationException>(() => kube.Client.CoreV1.CreateNamespacedConfigMapAsync(Objects.ConfigMap("a"), "default"));

        // The server may have applied a create whose answer was lost; the caller decides again on fresh state.
        Assert.Equal(code, (int)ApiErrors.StatusCode(e)!);
        Assert.Single(kube.Server.Requests, r => r.Verb == "create");
    }

    [Fact]
    public async Task Patch_ServerError_NotRetried()
    {
        await using var kube = await ServerAndClient.StartAsync();
        await kube.Client.CoreV1.CreateNamespacedConfigMapAsync(Objects.ConfigMap("a"), "default");
        kube.Server.FailNextRequests(1, 503);

        await Assert.ThrowsAsync<HttpOperationException>(() => kube.Client.CoreV1.PatchNamespacedConfigMapAsync(Objects.Merge("""{"data":{"m":"1"}}"""), "a", "default"));

        Assert.Equal([503], kube.Server.Requests.Where(r => r.Verb == "patch").Select(r => r.StatusCode));
    }

    [Fact]
    public async Task Read_NothingListening_RetriedThenHttpRequestException()
    {
        await using var kube = await ServerAndClient.StartAsync();
        var config = kube.Server.ClientConfig(kube.Token);
        await kube.Server.DisposeAsync(); // the port is closed now
        var time = new RecordingTimeProvider();
        using var client = KubernetesClientFactory.Create(config, time, ServerAndClient.FastRetries with { MaxRetries = 2 });

        var e = await Assert.ThrowsAsync<HttpRequestException>(() => client.CoreV1.ReadNamespacedConfigMapAsync("a", "default"));

        Assert.Equal(HttpRequestError.ConnectionError, e.HttpRequestError);
        Assert.True(ApiErrors.IsApiFailure(e, CancellationToken.None));
        // Two backoff waits on the injected clock, each at most the 200 ms cap.
        Assert.Equal(2, time.DueTimes.Count(d => d > TimeSpan.Zero && d <= TimeSpan.FromMilliseconds(200)));
    }

    [Fact]
    public async Task Read_RetriesOff_OneTry()
    {
        await using var kube = await ServerAndClient.StartAsync();
        using var client = kube.Server.Client(kube.Token, new ApiRetryOptions { MaxRetries = 0 });
        kube.Server.FailNextRequests(1, 500);

        var e = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.ListNamespacedConfigMapAsync("default"));

        Assert.Equal(HttpStatusCode.InternalServerError, ApiErrors.StatusCode(e));
        Assert.Single(kube.Server.Requests);
    }
}
