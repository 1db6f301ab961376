using System.Diagnostics.Metrics;
using KernelTruth.NodeSensor.Prometheus;

namespace KernelTruth.NodeSensor.Tests.Prometheus;

public sealed class PrometheusExporterInstrumentTests
{
    [Fact]
    public async Task WriteAsync_CounterWithTags_SumsDeltasPerTagSet()
    {
        using var scope = new ExporterScope();
        var counter = scope.Meter.CreateCounter<long>("ktruth.requests", description: "Requests served.");

        counter.Add(2, new KeyValuePair<string, object?>("route", "a"));
        counter.Add(3, new KeyValuePair<string, object?>("route", "a"));
        counter.Add(7, new KeyValuePair<string, object?>("route", "b"));
        var parsed = await scope.ScrapeAsync();

        var family = parsed.Family("ktruth_requests_total");
        Assert.Equal("counter", family.Type);
        Assert.Equal("Requests served.", family.Help);
        Assert.Equal(5, parsed.Value("ktruth_requests_total", ("route", "a"))); // 2 + 3
        Assert.Equal(7, parsed.Value("ktruth_requests_total", ("route", "b")));
    }

    [Fact]
    public async Task WriteAsync_CounterAddedFromManyThreadsWhileScraping_LosesNoDelta()
    {
        using var scope = new ExporterScope();
        var counter = scope.Meter.CreateCounter<long>("ktruth.parallel");
        using var adding = new CancellationTokenSource();

        var scraping = Task.Run(async () =>
        {
            while (!adding.IsCancellationRequested)
            {
                await scope.ScrapeAsync();
            }
        });
        Parallel.For(0, 4, worker =>
        {
            var tag = new KeyValuePair<string, object?>("worker", worker % 2);
            for (var i = 0; i < 10_000; i++)
            {
                counter.Add(1, tag);
            }
        });
        await adding.CancelAsync();
        await scraping;
        var parsed = await scope.ScrapeAsync();

        // Workers 0 and 2 share worker="0", 1 and 3 share worker="1": 2 × 10 000 each.
        Assert.Equal(20_000, parsed.Value("ktruth_parallel_total", ("worker", "0")));
        Assert.Equal(20_000, parsed.Value("ktruth_parallel_total", ("worker", "1")));
    }

    [Fact]
    public async Task WriteAsync_CounterTagsInAnyOrder_OneSeries()
    {
        using var scope = new ExporterScope();
        var counter = scope.Meter.CreateCounter<double>("ktruth.ops");

        counter.Add(1.5, new("x", 1), new("y", "b"));
        counter.Add(2, new("y", "b"), new("x", 1));
        var parsed = await scope.ScrapeAsync();

        var sample = Assert.Single(parsed.Family("ktruth_ops_total").Samples);
        Assert.Equal(3.5, sample.Value, 1e-12); // 1.5 + 2 in one series, tag order ignored
        Assert.Equal("1", sample.Labels["x"]);
    }

    [Fact]
    public async Task WriteAsync_CounterWithSecondsUnitAndTotal_PutsUnitBeforeTotal()
    {
        using var scope = new ExporterScope();
        scope.Meter.CreateCounter<double>("ktruth.cpu-time_total", unit: "s").Add(0.25);
        scope.Meter.CreateUpDownCounter<long>("ktruth.memory", unit: "By").Add(4096);

        var parsed = await scope.ScrapeAsync();

        Assert.Equal(0.25, parsed.Value("ktruth_cpu_time_seconds_total"));
        Assert.Equal(4096, parsed.Value("ktruth_memory_bytes"));
    }

    [Fact]
    public async Task WriteAsync_ObservableCounter_ExposesLatestCumulativeValue()
    {
        using var scope = new ExporterScope();
        var reported = 100L;
        scope.Meter.CreateObservableCounter("ktruth.kernel.events", () => reported);

        await scope.ScrapeAsync();
        reported = 150;
        var parsed = await scope.ScrapeAsync();

        // The callback reports totals, so the second scrape shows 150, not 100 + 150.
        Assert.Equal("counter", parsed.Family("ktruth_kernel_events_total").Type);
        Assert.Equal(150, parsed.Value("ktruth_kernel_events_total"));
    }

    [Fact]
    public async Task WriteAsync_GaugeKinds_ExposeLastValueOrSumAsGauge()
    {
        using var scope = new ExporterScope();
        scope.Meter.CreateObservableGauge("ktruth.temp", () => new Measurement<double>(42.5, new KeyValuePair<string, object?>("cpu", 0)));
        var gauge = scope.Meter.CreateGauge<long>("ktruth.queue");
        gauge.Record(5);
        gauge.Record(9);
        var upDown = scope.Meter.CreateUpDownCounter<int>("ktruth.inflight");
        upDown.Add(5);
        upDown.Add(-2);
        scope.Meter.CreateObservableUpDownCounter("ktruth.balance", () => -4);

        var parsed = await scope.ScrapeAsync();

        Assert.All(new[] { "ktruth_temp", "ktruth_queue", "ktruth_inflight", "ktruth_balance" },
            name => Assert.Equal("gauge", parsed.Family(name).Type));
        Assert.Equal(42.5, parsed.Value("ktruth_temp", ("cpu", "0")));
        Assert.Equal(9, parsed.Value("ktruth_queue")); // last recorded value
        Assert.Equal(3, parsed.Value("ktruth_inflight")); // 5 - 2
        Assert.Equal(-4, parsed.Value("ktruth_balance"));
    }

    [Fact]
    public async Task WriteAsync_ObservableSeriesNoLongerReported_Disappears()
    {
        using var scope = new ExporterScope();
        var pods = new List<string> { "web-1", "web-2" };
        scope.Meter.CreateObservableGauge("ktruth.pods", () => pods.Select(p => new Measurement<int>(1, new KeyValuePair<string, object?>("pod", p))));

        await scope.ScrapeAsync();
        pods.Remove("web-2");
        var parsed = await scope.ScrapeAsync();

        var sample = Assert.Single(parsed.Family("ktruth_pods").Samples);
        Assert.Equal("web-1", sample.Labels["pod"]);
    }

    [Fact]
    public async Task WriteAsync_HistogramWithBucketAdvice_WritesCumulativeBuckets()
    {
        using var scope = new ExporterScope();
        var histogram = scope.Meter.CreateHistogram<double>("ktruth.wait", unit: "s", description: "Wait.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 5, 10] });
        var tag = new KeyValuePair<string, object?>("pod", "web-1");

        foreach (var value in new[] { 0.5, 1, 3, 7, 20 })
        {
            histogram.Record(value, tag);
        }

        var parsed = await scope.ScrapeAsync();

        // Per bucket: ≤1 holds {0.5, 1} = 2, (1,5] {3} = 1, (5,10] {7} = 1, >10 {20} = 1;
        // cumulative: le=1 → 2, le=5 → 2+1 = 3, le=10 → 3+1 = 4, +Inf → 4+1 = 5 = _count.
        const string name = "ktruth_wait_seconds";
        Assert.Equal("histogram", parsed.Family(name).Type);
        Assert.Equal(2, parsed.Value(name + "_bucket", ("pod", "web-1"), ("le", "1")));
        Assert.Equal(3, parsed.Value(name + "_bucket", ("pod", "web-1"), ("le", "5")));
        Assert.Equal(4, parsed.Value(name + "_bucket", ("pod", "web-1"), ("le", "10")));
        Assert.Equal(5, parsed.Value(name + "_bucket", ("pod", "web-1"), ("le", "+Inf")));
        Assert.Equal(31.5, parsed.Value(name + "_sum", ("pod", "web-1")), 1e-12); // 0.5+1+3+7+20
        Assert.Equal(5, parsed.Value(name + "_count", ("pod", "web-1")));
    }

    [Fact]
    public async Task WriteAsync_IntHistogramWithAdvice_ConvertsBounds()
    {
        using var scope = new ExporterScope();
        var histogram = scope.Meter.CreateHistogram<int>("ktruth.batch",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [10, 20] });

        histogram.Record(10);
        histogram.Record(15);
        histogram.Record(99);
        var parsed = await scope.ScrapeAsync();

        // 10 ≤ 10 → le=10: 1; 15 → le=20: 1+1 = 2; 99 overflows → +Inf: 3.
        Assert.Equal(1, parsed.Value("ktruth_batch_bucket", ("le", "10")));
        Assert.Equal(2, parsed.Value("ktruth_batch_bucket", ("le", "20")));
        Assert.Equal(3, parsed.Value("ktruth_batch_bucket", ("le", "+Inf")));
        Assert.Equal(124, parsed.Value("ktruth_batch_sum")); // 10 + 15 + 99
    }

    [Fact]
    public async Task WriteAsync_HistogramWithoutAdvice_UsesOpenTelemetryDefaultBounds()
    {
        using var scope = new ExporterScope();
        scope.Meter.CreateHistogram<double>("ktruth.latency").Record(7);

        var parsed = await scope.ScrapeAsync();

        var buckets = parsed.Family("ktruth_latency").Samples.Where(s => s.Name == "ktruth_latency_bucket").ToList();
        Assert.Equal(HistogramAggregator.DefaultBounds.Count + 1, buckets.Count); // 15 bounds + "+Inf"
        Assert.Equal(0, parsed.Value("ktruth_latency_bucket", ("le", "5")));
        Assert.Equal(1, parsed.Value("ktruth_latency_bucket", ("le", "10"))); // 5 < 7 ≤ 10
    }

    [Fact]
    public async Task WriteAsync_LabelValueWithQuoteBackslashNewline_RoundTrips()
    {
        using var scope = new ExporterScope();
        const string nasty = "say \"hi\" C:\\temp\nnext";
        scope.Meter.CreateCounter<int>("ktruth.escapes", description: "Help with \\ and\nnewline.")
            .Add(1, new KeyValuePair<string, object?>("value", nasty));

        var text = await scope.TextAsync();
        var parsed = PrometheusTextParser.Parse(text);

        Assert.Contains("value=\"say \\\"hi\\\" C:\\\\temp\\nnext\"", text, StringComparison.Ordinal);
        Assert.Equal(nasty, Assert.Single(parsed.Family("ktruth_escapes_total").Samples).Labels["value"]);
        Assert.Equal("Help with \\ and\nnewline.", parsed.Family("ktruth_escapes_total").Help);
    }

    [Fact]
    public async Task WriteAsync_TagKeysOutsideCharset_SanitisedAndCollisionsJoined()
    {
        using var scope = new ExporterScope();
        scope.Meter.CreateCounter<int>("ktruth.tags")
            .Add(1, new("http.route", "/x"), new("a.b", "dot"), new("a-b", "dash"), new("1st", "d"));

        var parsed = await scope.ScrapeAsync();

        // "a-b" sorts before "a.b" ('-' is 0x2D, '.' is 0x2E), so its value comes first.
        var labels = Assert.Single(parsed.Family("ktruth_tags_total").Samples).Labels;
        Assert.Equal("dash;dot", labels["a_b"]);
        Assert.Equal("/x", labels["http_route"]);
        Assert.Equal("d", labels["_1st"]);
    }

    [Fact]
    public async Task WriteAsync_OtherMeters_NotExported()
    {
        using var scope = new ExporterScope();
        using var other = new Meter($"ktruth.other.{Guid.NewGuid():N}");
        other.CreateCounter<int>("ktruth.foreign").Add(1);
        scope.Meter.CreateCounter<int>("ktruth.own").Add(1);

        var parsed = await scope.ScrapeAsync();

        Assert.True(parsed.HasFamily("ktruth_own_total"));
        Assert.False(parsed.HasFamily("ktruth_foreign_total"));
    }

    [Fact]
    public async Task WriteAsync_InstrumentWithoutMeasurements_WritesNoFamily()
    {
        using var scope = new ExporterScope();
        scope.Meter.CreateCounter<int>("ktruth.unused");

        var text = await scope.TextAsync();

        Assert.DoesNotContain("ktruth_unused", text, StringComparison.Ordinal);
    }
}
