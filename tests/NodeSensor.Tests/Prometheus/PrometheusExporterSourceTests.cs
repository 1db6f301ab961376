using KernelTruth.NodeSensor.Prometheus;

namespace KernelTruth.NodeSensor.Tests.Prometheus;

public sealed class PrometheusExporterSourceTests
{
    [Fact]
    public async Task WriteAsync_PreAggregatedHistogram_AccumulatesPerBucketCounts()
    {
        using var scope = new ExporterScope();
        var labels = LabelSet.Of(("pod", "web-1"), ("namespace", "shop"));
        scope.Exporter.AddSource("kernel", new DelegateFamilySource(() =>
        [
            MetricFamily.Histogram("ktruth_wait_seconds", "Run-queue wait.",
                [new HistogramSample(labels, [1e-6, 2e-6, 4e-6], [3, 0, 4, 1], sum: 2.5e-5)]),
        ]));

        var parsed = await scope.ScrapeAsync();

        // Per-bucket [3, 0, 4, 1] → cumulative le=1e-06: 3, le=2e-06: 3+0 = 3, le=4e-06: 3+4 = 7,
        // +Inf: 7+1 = 8 = _count.
        (string, string)[] series = [("namespace", "shop"), ("pod", "web-1")];
        Assert.Equal(3, parsed.Value("ktruth_wait_seconds_bucket", [.. series, ("le", "1e-06")]));
        Assert.Equal(3, parsed.Value("ktruth_wait_seconds_bucket", [.. series, ("le", "2e-06")]));
        Assert.Equal(7, parsed.Value("ktruth_wait_seconds_bucket", [.. series, ("le", "4e-06")]));
        Assert.Equal(8, parsed.Value("ktruth_wait_seconds_bucket", [.. series, ("le", "+Inf")]));
        Assert.Equal(8, parsed.Value("ktruth_wait_seconds_count", series));
        Assert.Equal(2.5e-5, parsed.Value("ktruth_wait_seconds_sum", series), 1e-15);
    }

    [Fact]
    public async Task WriteAsync_SourcesAndInstruments_SortedByNameThenLabels()
    {
        using var scope = new ExporterScope();
        var counter = scope.Meter.CreateCounter<int>("m.middle");
        counter.Add(1, new KeyValuePair<string, object?>("pod", "b"));
        counter.Add(1, new KeyValuePair<string, object?>("pod", "a"));
        scope.Exporter.AddSource("late", new DelegateFamilySource(() =>
            [MetricFamily.Gauge("z_last", "", [new MetricSample(LabelSet.Of(("k", "2")), 2), new MetricSample(LabelSet.Of(("k", "1")), 1)])]));
        scope.Exporter.AddSource("early", new DelegateFamilySource(() =>
            [MetricFamily.Gauge("a_first", "", [new MetricSample(LabelSet.Empty, 1)])]));

        var parsed = await scope.ScrapeAsync();

        Assert.Equal(
            ["a_first", PrometheusExporter.CollectErrorsMetricName, PrometheusExporter.ScrapesMetricName, "m_middle_total", "z_last"],
            parsed.Families.Select(f => f.Name));
        Assert.Equal(["a", "b"], parsed.Family("m_middle_total").Samples.Select(s => s.Labels["pod"]));
        Assert.Equal(["1", "2"], parsed.Family("z_last").Samples.Select(s => s.Labels["k"]));
    }

    [Fact]
    public async Task WriteAsync_FixedState_WritesExactText()
    {
        using var scope = new ExporterScope();
        scope.Exporter.AddSource("fixed", new DelegateFamilySource(() =>
        [
            MetricFamily.Histogram("h", "A histogram.", [new HistogramSample(LabelSet.Of(("c", "x")), [0.5, 1], [1, 2, 3], 7.25)]),
            MetricFamily.Gauge("g", "", [new MetricSample(LabelSet.Empty, double.NaN)]),
        ]));

        var text = await scope.TextAsync();

        // Buckets: 1, 1+2 = 3, +Inf = 3+3 = 6.
        const string expected = """
            # TYPE g gauge
            g NaN
            # HELP h A histogram.
            # TYPE h histogram
            h_bucket{c="x",le="0.5"} 1
            h_bucket{c="x",le="1"} 3
            h_bucket{c="x",le="+Inf"} 6
            h_sum{c="x"} 7.25
            h_count{c="x"} 6
            # HELP ktruth_metrics_collect_errors_total Failures while collecting metrics, by source; the failing source is left out of that scrape.
            # TYPE ktruth_metrics_collect_errors_total counter
            ktruth_metrics_collect_errors_total{source="fixed"} 0
            ktruth_metrics_collect_errors_total{source="instruments"} 0
            # HELP ktruth_metrics_scrapes_total Collections of this exporter's metrics, this one included.
            # TYPE ktruth_metrics_scrapes_total counter
            ktruth_metrics_scrapes_total 1

            """;
        Assert.Equal(expected, text);
    }

    [Theory]
    [InlineData("dup_total", "dup_total", "dup_total")]
    [InlineData("x", "x_count", "x_count")] // a histogram "x" owns x_count
    public void Collect_FamilyNameTwice_ThrowsNamingIt(string histogramName, string gaugeName, string clash)
    {
        using var scope = new ExporterScope();
        scope.Exporter.AddSource("one", new DelegateFamilySource(() =>
            [MetricFamily.Histogram(histogramName, "", [new HistogramSample(LabelSet.Empty, [], [1], 1)])]));
        scope.Exporter.AddSource("two", new DelegateFamilySource(() =>
            [MetricFamily.Gauge(gaugeName, "", [new MetricSample(LabelSet.Empty, 1)])]));

        var ex = Assert.Throws<InvalidOperationException>(() => scope.Exporter.Collect());

        Assert.Contains($"'{clash}'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Collect_SourceClashesWithInstrument_Throws()
    {
        using var scope = new ExporterScope();
        scope.Meter.CreateCounter<int>("ktruth.same").Add(1);
        scope.Exporter.AddSource("kernel", new DelegateFamilySource(() =>
            [MetricFamily.Counter("ktruth_same_total", "", [new MetricSample(LabelSet.Empty, 1)])]));

        var ex = Assert.Throws<InvalidOperationException>(() => scope.Exporter.Collect());

        Assert.Contains("ktruth_same_total", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_SourceThrows_LogsCountsAndEmitsTheRest()
    {
        using var scope = new ExporterScope();
        scope.Meter.CreateCounter<int>("ktruth.alive").Add(1);
        scope.Exporter.AddSource("broken", new DelegateFamilySource(() => throw new IOException("map read failed")));
        scope.Exporter.AddSource("fine", new DelegateFamilySource(() => [MetricFamily.Gauge("ok", "", [new MetricSample(LabelSet.Empty, 1)])]));

        await scope.ScrapeAsync();
        var parsed = await scope.ScrapeAsync();

        Assert.Equal(2, parsed.Value(PrometheusExporter.CollectErrorsMetricName, ("source", "broken"))); // one per scrape
        Assert.Equal(0, parsed.Value(PrometheusExporter.CollectErrorsMetricName, ("source", "fine")));
        Assert.Equal(1, parsed.Value("ok"));
        Assert.Equal(1, parsed.Value("ktruth_alive_total"));
        var logged = scope.Logger.Entries[^1];
        Assert.Contains("broken", logged.Message, StringComparison.Ordinal);
        Assert.IsType<IOException>(logged.Exception);
    }

    [Fact]
    public async Task WriteAsync_SourceFailsMidEnumeration_LeavesOutAllItsFamilies()
    {
        using var scope = new ExporterScope();
        scope.Exporter.AddSource("lazy", new DelegateFamilySource(FirstThenThrow));

        var parsed = await scope.ScrapeAsync();

        Assert.False(parsed.HasFamily("before_failure"));
        Assert.Equal(1, parsed.Value(PrometheusExporter.CollectErrorsMetricName, ("source", "lazy")));

        static IEnumerable<MetricFamily> FirstThenThrow()
        {
            yield return MetricFamily.Gauge("before_failure", "", [new MetricSample(LabelSet.Empty, 1)]);
            throw new InvalidOperationException("boom");
        }
    }

    [Fact]
    public async Task WriteAsync_SourceBuildsBadHistogram_CountedAsSourceError()
    {
        using var scope = new ExporterScope();
        scope.Exporter.AddSource("kernel", new DelegateFamilySource(() =>
            [MetricFamily.Histogram("bad", "", [new HistogramSample(LabelSet.Empty, [2, 1], [0, 0, 0], 0)])]));

        var parsed = await scope.ScrapeAsync();

        Assert.Equal(1, parsed.Value(PrometheusExporter.CollectErrorsMetricName, ("source", "kernel")));
        Assert.IsType<ArgumentException>(scope.Logger.Entries[^1].Exception);
    }

    [Fact]
    public async Task WriteAsync_ObservableCallbackThrows_CountedUnderInstruments()
    {
        using var scope = new ExporterScope();
        scope.Meter.CreateObservableGauge<int>("ktruth.broken", int () => throw new InvalidOperationException("no cgroup"));
        scope.Meter.CreateObservableGauge("ktruth.fine", () => 3);

        var parsed = await scope.ScrapeAsync();

        Assert.Equal(1, parsed.Value(PrometheusExporter.CollectErrorsMetricName, ("source", PrometheusExporter.InstrumentsSourceName)));
        Assert.Equal(3, parsed.Value("ktruth_fine"));
    }

    [Fact]
    public async Task WriteAsync_HistogramMeasuredWithLeTag_CountedAndOthersKept()
    {
        using var scope = new ExporterScope();
        scope.Meter.CreateHistogram<double>("ktruth.clash").Record(1, new KeyValuePair<string, object?>("le", "x"));
        scope.Meter.CreateCounter<int>("ktruth.kept").Add(1);

        var parsed = await scope.ScrapeAsync();

        Assert.False(parsed.HasFamily("ktruth_clash"));
        Assert.Equal(1, parsed.Value(PrometheusExporter.CollectErrorsMetricName, ("source", PrometheusExporter.InstrumentsSourceName)));
        Assert.Contains("ktruth.clash", scope.Logger.Entries[^1].Message, StringComparison.Ordinal);
        Assert.Equal(1, parsed.Value("ktruth_kept_total"));
    }

    [Fact]
    public async Task WriteAsync_RepeatedScrapes_CountsScrapes()
    {
        using var scope = new ExporterScope();

        var first = await scope.ScrapeAsync();
        var second = await scope.ScrapeAsync();

        Assert.Equal(1, first.Value(PrometheusExporter.ScrapesMetricName));
        Assert.Equal(2, second.Value(PrometheusExporter.ScrapesMetricName));
    }

    [Fact]
    public void AddSource_NameTaken_Throws()
    {
        using var scope = new ExporterScope();
        scope.Exporter.AddSource("kernel", new DelegateFamilySource(() => []));

        Assert.Throws<ArgumentException>(() => scope.Exporter.AddSource("kernel", new DelegateFamilySource(() => [])));
        Assert.Throws<ArgumentException>(() => scope.Exporter.AddSource(PrometheusExporter.InstrumentsSourceName, new DelegateFamilySource(() => [])));
    }

    [Fact]
    public void Collect_AfterDispose_Throws()
    {
        using var scope = new ExporterScope();
        scope.Exporter.Dispose();

        Assert.Throws<ObjectDisposedException>(() => scope.Exporter.Collect());
    }

    [Fact]
    public async Task WriteAsync_Stream_WritesUtf8WithoutBom()
    {
        using var scope = new ExporterScope();
        scope.Meter.CreateCounter<int>("ktruth.utf8").Add(1, new KeyValuePair<string, object?>("pod", "wéb"));
        using var stream = new MemoryStream();

        await scope.Exporter.WriteAsync(stream);

        var bytes = stream.ToArray();
        Assert.NotEqual(0xEF, bytes[0]); // no BOM
        var parsed = PrometheusTextParser.Parse(System.Text.Encoding.UTF8.GetString(bytes));
        Assert.Equal(1, parsed.Value("ktruth_utf8_total", ("pod", "wéb")));
    }
}
