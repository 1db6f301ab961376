using KernelTruth.MetricsAdapter.Api;
using KernelTruth.MetricsAdapter.Selectors;
using KernelTruth.MetricsAdapter.Store;
using KernelTruth.MetricsAdapter.Tests.Fakes;
using KernelTruth.MetricsAdapter.Tests.Http;

namespace KernelTruth.MetricsAdapter.Tests.Api;

public class ResponseCacheTests
{
    private const string PodList = "/apis/custom.metrics.k8s.io/v1beta2/namespaces/shop/pods/*/cpu_throttled_periods_ratio";

    [Fact]
    public void GetOrAdd_ConcurrentMissesOnOneKey_RenderOnce()
    {
        // 8 requests miss together (as every connection does right after a publication); each render
        // takes 200 ms, so without a shared render all 8 would be rendering at once.
        var cache = new ResponseCache();
        int renders = 0;
        var answer = ApiResponse.NotFound("rendered");
        using var start = new Barrier(8);
        var threads = Enumerable.Range(0, 8).Select(_ => new Thread(() =>
        {
            start.SignalAndWait();
            Assert.Same(answer, cache.GetOrAdd(1, "k", () =>
            {
                Interlocked.Increment(ref renders);
                Thread.Sleep(200);
                return answer;
            }));
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        Assert.Equal(1, renders);
    }

    [Fact]
    public void GetOrAdd_NewGeneration_RendersAgain()
    {
        var cache = new ResponseCache();
        int renders = 0;
        ApiResponse Render() => ApiResponse.NotFound($"render {Interlocked.Increment(ref renders)}");

        var first = cache.GetOrAdd(1, "k", Render);
        var again = cache.GetOrAdd(1, "k", Render);
        var next = cache.GetOrAdd(2, "k", Render);

        Assert.Same(first, again);
        Assert.NotSame(first, next);
        Assert.Equal(2, renders);
    }

    [Fact]
    public void GetOrAdd_RenderThrows_NextRequestRendersAgain()
    {
        var cache = new ResponseCache();
        var answer = ApiResponse.NotFound("second try");

        Assert.Throws<InvalidOperationException>(() => cache.GetOrAdd(1, "k", () => throw new InvalidOperationException("render failed")));

        Assert.Same(answer, cache.GetOrAdd(1, "k", () => answer));
    }

    [Fact]
    public async Task Get_CachedPodList_EqualsFreshRenderAndChangesWithPublication()
    {
        await using var server = await AdapterServer.StartAsync();
        using var client = server.Client();
        string path = PodList + "?labelSelector=app%3Dweb";
        SeedData.Publish(server.Store);

        byte[] first = await client.GetByteArrayAsync(path);
        byte[] cached = await client.GetByteArrayAsync(path);

        Assert.Equal(Fresh(server.Store.Current), first);
        Assert.Equal(first, cached);

        // Republished with web-a throttled in 60 of 100 periods instead of 30: the answer must follow.
        var shop = SeedData.Shop();
        var webA = shop.ByName["web-a"];
        var changed = webA with { Sums = webA.Sums with { ThrottledPeriods = 60 } };
        server.Store.Publish([new NamespaceMetrics("shop", [changed, shop.ByName["web-b"], shop.ByName["db-0"]])]);

        byte[] republished = await client.GetByteArrayAsync(path);

        Assert.NotEqual(first, republished);
        Assert.Equal(Fresh(server.Store.Current), republished);
        Assert.Contains("\"value\":\"600m\"", System.Text.Encoding.UTF8.GetString(republished));
    }

    private static byte[] Fresh(MetricsView view) =>
        MetricResponder.Respond(view, ApiRequest.Parse(PodList), LabelSelectorParser.Parse("app=web"), LabelSelectorParser.Parse(null)).Body;
}
