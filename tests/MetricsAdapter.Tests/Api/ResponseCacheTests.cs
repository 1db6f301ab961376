using Microsoft.Extensions.DependencyInjection;
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
            Assert.Same(answer, cache.GetOrAdd(View(1), "k", _ =>
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
        ApiResponse Render(MetricsView _) => ApiResponse.NotFound($"render {Interlocked.Increment(ref renders)}");

        var first = cache.GetOrAdd(View(1), "k", Render);
        var again = cache.GetOrAdd(View(1), "k", Render);
        var next = cache.GetOrAdd(View(2), "k", Render);

        Assert.Same(first, again);
        Assert.NotSame(first, next);
        Assert.Equal(2, renders);
    }

    [Fact]
    public void GetOrAdd_RenderThrows_NextRequestRendersAgain()
    {
        var cache = new ResponseCache();
        var answer = ApiResponse.NotFound("second try");

        Assert.Throws<InvalidOperationException>(() => cache.GetOrAdd(View(1), "k", _ => throw new InvalidOperationException("render failed")));

        Assert.Same(answer, cache.GetOrAdd(View(1), "k", _ => answer));
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

    [Fact]
    public void Prepare_KeyAskedUnderPreviousView_RenderedForNextBeforeAnyRequest()
    {
        var cache = new ResponseCache();
        var rendered = new List<long>();
        ApiResponse Render(MetricsView v)
        {
            rendered.Add(v.Generation);
            return ApiResponse.NotFound($"generation {v.Generation}");
        }

        cache.GetOrAdd(View(1), "k", Render);
        cache.Prepare(View(2));
        var served = cache.GetOrAdd(View(2), "k", _ => throw new InvalidOperationException("a request must not render a prepared key"));

        Assert.Equal([1, 2], rendered);
        Assert.Contains("generation 2", Text(served));
        Assert.Equal((1, (long)served.Body.Length), (cache.LastPrepared.Answers, cache.LastPrepared.Bytes));
    }

    [Fact]
    public void Prepare_AskedOnceThenNever_PreparedForTwoPublicationsThenLeft()
    {
        // Heat: 2 × 1 request = 2 ⇒ prepared for view 2 carrying 1 ⇒ heat 1 ⇒ prepared for view 3
        // carrying 0 ⇒ heat 0 ⇒ not prepared for view 4.
        var cache = new ResponseCache();
        var rendered = new List<long>();
        cache.GetOrAdd(View(1), "k", v =>
        {
            rendered.Add(v.Generation);
            return ApiResponse.NotFound("x");
        });

        for (long g = 2; g <= 4; g++)
        {
            cache.Prepare(View(g));
        }

        Assert.Equal([1, 2, 3], rendered);
    }

    [Fact]
    public void Prepare_MoreKeysThanMaxPrepared_HottestKept()
    {
        // MaxPrepared + 1 keys; "cold" asked once, every other key twice: the cold one is the one left out.
        var cache = new ResponseCache();
        var preparedFor2 = new HashSet<string>();
        Func<MetricsView, ApiResponse> RenderOf(string key) => v =>
        {
            if (v.Generation == 2)
            {
                lock (preparedFor2)
                {
                    preparedFor2.Add(key);
                }
            }

            return ApiResponse.NotFound(key);
        };

        var keys = Enumerable.Range(0, ResponseCache.MaxPrepared).Select(i => $"hot-{i}").ToList();
        foreach (string key in keys)
        {
            cache.GetOrAdd(View(1), key, RenderOf(key));
            cache.GetOrAdd(View(1), key, RenderOf(key));
        }

        cache.GetOrAdd(View(1), "cold", RenderOf("cold"));

        cache.Prepare(View(2));

        Assert.Equal(keys.Order(StringComparer.Ordinal), preparedFor2.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Prepare_AnswersOverByteBound_TheOneThatFitsPrepared()
    {
        // Two 10 MiB answers against a 16 MiB bound: the hotter one is prepared, the other is not.
        var cache = new ResponseCache();
        var big = new ApiResponse(200, new byte[10 << 20]);
        var preparedFor2 = new List<string>();
        Func<MetricsView, ApiResponse> RenderOf(string key) => v =>
        {
            if (v.Generation == 2)
            {
                preparedFor2.Add(key);
            }

            return big;
        };

        cache.GetOrAdd(View(1), "hotter", RenderOf("hotter"));
        cache.GetOrAdd(View(1), "hotter", RenderOf("hotter"));
        cache.GetOrAdd(View(1), "colder", RenderOf("colder"));

        cache.Prepare(View(2));

        Assert.Equal(["hotter"], preparedFor2);
        Assert.True(cache.LastPrepared.Bytes <= ResponseCache.MaxPreparedBytes);
    }

    [Fact]
    public void Prepare_GzipAskedBefore_PreparedAnswerAlreadyCompressed()
    {
        var cache = new ResponseCache();
        var body = System.Text.Encoding.UTF8.GetBytes(new string('x', 4096));
        var first = cache.GetOrAdd(View(1), "gz", _ => new ApiResponse(200, body));
        cache.GetOrAdd(View(1), "plain", _ => new ApiResponse(200, body));
        _ = first.Gzip;

        cache.Prepare(View(2));

        Assert.True(cache.GetOrAdd(View(2), "gz", _ => throw new InvalidOperationException("not prepared")).HasGzip);
        Assert.False(cache.GetOrAdd(View(2), "plain", _ => throw new InvalidOperationException("not prepared")).HasGzip);
    }

    [Fact]
    public void Prepare_RenderThrows_OtherKeysPreparedAndRequestRendersIt()
    {
        var cache = new ResponseCache();
        var good = ApiResponse.NotFound("good");
        cache.GetOrAdd(View(1), "bad", v => v.Generation == 1 ? ApiResponse.NotFound("once") : throw new InvalidOperationException("render failed"));
        cache.GetOrAdd(View(1), "good", _ => good);

        cache.Prepare(View(2));

        Assert.Same(good, cache.GetOrAdd(View(2), "good", _ => throw new InvalidOperationException("not prepared")));
        Assert.Contains("rendered on request", Text(cache.GetOrAdd(View(2), "bad", _ => ApiResponse.NotFound("rendered on request"))));
    }

    [Fact]
    public void GetOrAdd_OlderViewAfterPrepare_AnsweredUncachedAndPreparedKept()
    {
        // A request that took view 1 just before view 2 was served must neither see nor replace view 2's answers.
        var cache = new ResponseCache();
        cache.GetOrAdd(View(1), "k", v => ApiResponse.NotFound($"generation {v.Generation}"));
        cache.Prepare(View(2));

        var late = cache.GetOrAdd(View(1), "k", v => ApiResponse.NotFound($"late {v.Generation}"));
        var current = cache.GetOrAdd(View(2), "k", _ => throw new InvalidOperationException("not prepared"));

        Assert.Contains("late 1", Text(late));
        Assert.Contains("generation 2", Text(current));
    }

    [Fact]
    public async Task Get_HotPodListAfterPublication_PreparedAndEqualToFreshRender()
    {
        await using var server = await AdapterServer.StartAsync();
        using var client = server.Client();
        string path = PodList + "?labelSelector=app%3Dweb";
        SeedData.Publish(server.Store);
        await client.GetByteArrayAsync(path);

        SeedData.Publish(server.Store); // the store asks the cache to prepare before serving
        var cache = server.Services.GetRequiredService<ResponseCache>();
        var prepared = cache.LastPrepared;
        byte[] served = await client.GetByteArrayAsync(path);

        Assert.Equal(1, prepared.Answers);
        Assert.Equal(Fresh(server.Store.Current), served);
    }

    private static MetricsView View(long generation) => new(generation, new Dictionary<string, NamespaceMetrics>());

    private static string Text(ApiResponse r) => System.Text.Encoding.UTF8.GetString(r.Body);

    private static byte[] Fresh(MetricsView view) =>
        MetricResponder.Respond(view, ApiRequest.Parse(PodList), LabelSelectorParser.Parse("app=web"), LabelSelectorParser.Parse(null)).Body;
}
