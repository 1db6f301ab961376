using System.Text.Json.Nodes;
using KernelTruth.Kube.Client;
using KernelTruth.Kube.Model;
using KernelTruth.Kube.Resources;
using KernelTruth.Kube.Tests.Fakes;

namespace KernelTruth.Kube.Tests.Client;

public sealed class RetryTests
{
    [Fact]
    public async Task GetAsync_ThreeServerErrors_RetriedThenSucceeds()
    {
        await using var kube = await ServerAndClient.StartAsync();
        await kube.Client.CreateAsync(KubeResources.ConfigMaps, "default", Objects.ConfigMap("a"), KubeJsonContext.Default.JsonObject);
        kube.Server.ClearRequests();
        kube.Server.FailNextRequests(3, 500);

        var cm = await kube.Client.GetAsync(KubeResources.ConfigMaps, "default", "a", KubeJsonContext.Default.ConfigMap);

        Assert.Equal("v", cm.Data!["k"]);
        Assert.Equal([500, 500, 500, 200], kube.Server.Requests.Select(r => r.StatusCode));
    }

    [Fact]
    public async Task GetAsync_TooManyRequests_WaitsRetryAfter()
    {
        var time = new RecordingTimeProvider();
        await using var kube = await ServerAndClient.StartAsync();
        using var client = new KubeClient(kube.Server.ClientConfig(kube.Token),
            ServerAndClient.FastRetries with { MaxBackoff = TimeSpan.FromSeconds(5) }, time);
        kube.Server.FailNextRequests(2, 429, retryAfter: TimeSpan.FromSeconds(1));

        var list = await client.ListAsync(KubeResources.ConfigMaps, "default", KubeJsonContext.Default.ConfigMap);

        Assert.Empty(list.Items);
        // Two waits of exactly the server's Retry-After, not the 10 ms the backoff would have chosen.
        Assert.Equal(2, time.DueTimes.Count(d => d == TimeSpan.FromSeconds(1)));
        Assert.Equal(3, kube.Server.Requests.Count(r => r.Verb == "list"));
    }

    [Fact]
    public async Task CreateAsync_ServerError_NotRetried()
    {
        await using var kube = await ServerAndClient.StartAsync();
        kube.Server.FailNextRequests(1, 500);

        var e = await Assert.ThrowsAsync<KubeApiException>(() =>
            kube.Client.CreateAsync(KubeResources.ConfigMaps, "default", Objects.ConfigMap("a"), KubeJsonContext.Default.JsonObject));

        Assert.True(e.IsServerError);
        Assert.Single(kube.Server.Requests, r => r.Verb == "create");
    }

    [Fact]
    public async Task CreateAsync_TooManyRequests_RetriedAndCreatedOnce()
    {
        await using var kube = await ServerAndClient.StartAsync();
        kube.Server.FailNextRequests(2, 429);

        await kube.Client.CreateAsync(KubeResources.ConfigMaps, "default", Objects.ConfigMap("a"), KubeJsonContext.Default.JsonObject);

        Assert.Equal([429, 429, 201], kube.Server.Requests.Where(r => r.Verb == "create").Select(r => r.StatusCode));
        Assert.Single((await kube.Client.ListAsync(KubeResources.ConfigMaps, "default", KubeJsonContext.Default.ConfigMap)).Items);
    }

    [Fact]
    public async Task PatchAsync_ServerError_RetriesMergePatchButNotJsonPatch()
    {
        await using var kube = await ServerAndClient.StartAsync();
        await kube.Client.CreateAsync(KubeResources.ConfigMaps, "default", Objects.ConfigMap("a"), KubeJsonContext.Default.JsonObject);

        kube.Server.FailNextRequests(1, 503);
        await kube.Client.PatchAsync(KubeResources.ConfigMaps, "default", "a", KubePatch.Merge(new JsonObject { ["data"] = new JsonObject { ["m"] = "1" } }), KubeJsonContext.Default.JsonObject);
        kube.Server.FailNextRequests(1, 503);
        var e = await Assert.ThrowsAsync<KubeApiException>(() => kube.Client.PatchAsync(KubeResources.ConfigMaps, "default", "a",
            KubePatch.Json(new JsonArray(new JsonObject { ["op"] = "add", ["path"] = "/metadata/finalizers", ["value"] = new JsonArray("x") })),
            KubeJsonContext.Default.JsonObject));

        Assert.Equal(503, e.Status.Code);
        Assert.Equal([503, 200, 503], kube.Server.Requests.Where(r => r.Verb == "patch").Select(r => r.StatusCode));
    }

    [Fact]
    public async Task GetAsync_FailsLongerThanRetries_ThrowsLastStatus()
    {
        await using var kube = await ServerAndClient.StartAsync();
        using var client = new KubeClient(kube.Server.ClientConfig(kube.Token), ServerAndClient.FastRetries with { MaxRetries = 2 });
        kube.Server.FailAllFor(TimeSpan.FromMinutes(1), 500);

        var e = await Assert.ThrowsAsync<KubeApiException>(() => client.GetAsync(KubeResources.ConfigMaps, "default", "a", KubeJsonContext.Default.ConfigMap));

        Assert.Equal(500, e.Status.Code);
        Assert.Equal("InternalError", e.Status.Reason);
        Assert.Equal(3, kube.Server.Requests.Count); // the first try and two retries
    }

    [Fact]
    public async Task GetAsync_NotFound_NotRetried()
    {
        await using var kube = await ServerAndClient.StartAsync();

        await Assert.ThrowsAsync<KubeApiException>(() => kube.Client.GetAsync(KubeResources.ConfigMaps, "default", "a", KubeJsonContext.Default.ConfigMap));

        Assert.Single(kube.Server.Requests);
    }

    [Fact]
    public async Task GetAsync_NothingListening_RetriesThenThrowsHttpRequestException()
    {
        await using var kube = await ServerAndClient.StartAsync();
        var config = kube.Server.ClientConfig(kube.Token);
        await kube.Server.DisposeAsync(); // the port is closed now
        var time = new RecordingTimeProvider();
        using var client = new KubeClient(config, ServerAndClient.FastRetries with { MaxRetries = 2 }, time);

        var e = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(KubeResources.ConfigMaps, "default", "a", KubeJsonContext.Default.ConfigMap));

        Assert.Equal(HttpRequestError.ConnectionError, e.HttpRequestError);
        // Two backoff waits within [initial/2, max] (10 ms initial, 200 ms cap), plus one request timeout timer per attempt.
        Assert.Equal(2, time.DueTimes.Count(d => d >= TimeSpan.FromMilliseconds(5) && d <= TimeSpan.FromMilliseconds(200)));
    }

    [Fact]
    public void Backoff_Delay_DoublesWithJitterAndCaps()
    {
        var initial = TimeSpan.FromMilliseconds(200);
        var max = TimeSpan.FromSeconds(2);
        for (var i = 0; i < 200; i++)
        {
            // attempt 3: d = 200 ms · 2³ = 1.6 s ⇒ [0.8 s, 1.6 s]; attempt 10: capped at 2 s ⇒ [1 s, 2 s].
            var third = Backoff.Delay(3, initial, max);
            var tenth = Backoff.Delay(10, initial, max);
            Assert.InRange(third, TimeSpan.FromMilliseconds(800), TimeSpan.FromMilliseconds(1600));
            Assert.InRange(tenth, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
        }

        var samples = Enumerable.Range(0, 50).Select(_ => Backoff.Delay(3, initial, max)).Distinct().Count();
        Assert.True(samples > 10, "no jitter");
    }
}
