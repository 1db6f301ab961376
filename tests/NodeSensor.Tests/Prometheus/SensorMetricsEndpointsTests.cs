using System.Net;
using KernelTruth.NodeSensor.Prometheus;
using KernelTruth.NodeSensor.Sampling;

namespace KernelTruth.NodeSensor.Tests.Prometheus;

/// <summary>
/// /metrics without the kernel: hand-made snapshots into <see cref="SensorMetrics"/>, every scrape
/// checked by promtool, then read back with the strict test parser to check the numbers.
/// </summary>
public sealed class SensorMetricsEndpointsTests
{
    [Fact]
    public async Task GetMetrics_Snapshot_KernelValuesAsSeriesAndHistograms()
    {
        var metrics = new SensorMetrics(WaitBucketLayout.Full);
        // Contention slots [3, 0, 4, 1]: 3 waits under 2 µs, 4 in [4, 8) µs, 1 in [8, 16) µs; 50 µs in all.
        metrics.Observe(MetricsSnapshots.Node(MetricsSnapshots.Cgroup("/a", 1_500_000_000, [3, 0, 4, 1], 50_000, limitCores: 0.2)));
        await using var app = await MetricsApp.StartAsync(metrics);

        using var response = await app.Client.GetAsync("/metrics");
        string body = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", Assert.Single(response.Content.Headers.GetValues("Content-Type")));
        Promtool.AssertClean(body, "sensor");
        var parsed = PrometheusTextParser.Parse(body);
        var a = Unnamed("/a");
        Assert.Equal(1.5, parsed.Value("ktruth_cgroup_cpu_on_cpu_seconds_total", a), 9); // 1 500 000 000 ns
        Assert.Equal(7, parsed.Value("ktruth_cgroup_context_switches_total", [.. a, ("kind", "involuntary")]));
        Assert.Equal(0.64, parsed.Value("ktruth_cgroup_cpu_throttled_seconds_total", a), 9); // 640 000 000 ns
        Assert.Equal(0.2, parsed.Value("ktruth_cgroup_cpu_limit_cores", a), 9);
        Assert.Equal("histogram", parsed.Family("ktruth_cgroup_contention_wait_seconds").Type);
        HistogramChecker.Check(parsed.Family("ktruth_cgroup_contention_wait_seconds"));
        // Cumulative: le=2 µs holds slot 0 (3), le=4 µs adds slot 1 (0), le=8 µs slot 2 (4) → 7, le=16 µs slot 3 (1) → 8.
        Assert.Equal(3, parsed.Value("ktruth_cgroup_contention_wait_seconds_bucket", [.. a, ("le", "2e-06")]));
        Assert.Equal(3, parsed.Value("ktruth_cgroup_contention_wait_seconds_bucket", [.. a, ("le", "4e-06")]));
        Assert.Equal(7, parsed.Value("ktruth_cgroup_contention_wait_seconds_bucket", [.. a, ("le", "8e-06")]));
        Assert.Equal(8, parsed.Value("ktruth_cgroup_contention_wait_seconds_bucket", [.. a, ("le", "67.108864")]));
        Assert.Equal(8, parsed.Value("ktruth_cgroup_contention_wait_seconds_count", a));
        Assert.Equal(5e-5, parsed.Value("ktruth_cgroup_contention_wait_seconds_sum", a), 12); // the kernel's sum, 50 000 ns, not a bucket estimate
        Assert.Equal(2, parsed.Value("ktruth_sensor_bpf_errors_total", ("error", "cgroup_map_full")));
        Assert.Equal(1, parsed.Value("ktruth_sensor_program_unavailable", ("object", "cfs_period")));
        Assert.True(parsed.HasFamily("process_cpu_seconds_total"), "the process' own CPU time is exported (DotNetStats)");
    }

    [Fact]
    public async Task GetMetrics_DefaultLayout_ThreeKernelEdgesWithTheFullLayoutsCounts()
    {
        // One wait in each of slots 0, 9, 10, 12, 13, 15 and 20: cumulative 2 at le=1.024 ms (slots 0 and 9),
        // 4 at 8.192 ms (+10, +12), 6 at 65.536 ms (+13, +15), 7 at +Inf (+20, i.e. [1.05 s, 2.1 s)).
        ulong[] slots = new ulong[21];
        foreach (int slot in new[] { 0, 9, 10, 12, 13, 15, 20 })
        {
            slots[slot] = 1;
        }

        var snapshot = MetricsSnapshots.Node(MetricsSnapshots.Cgroup("/a", 1, slots, 3_000_000_000));
        var coarse = new SensorMetrics();
        var full = new SensorMetrics(WaitBucketLayout.Full);
        coarse.Observe(snapshot);
        full.Observe(snapshot);
        await using var coarseApp = await MetricsApp.StartAsync(coarse);
        await using var fullApp = await MetricsApp.StartAsync(full);

        var c = PrometheusTextParser.Parse(await coarseApp.ScrapeAsync());
        var f = PrometheusTextParser.Parse(await fullApp.ScrapeAsync());

        string bucket = "ktruth_cgroup_contention_wait_seconds_bucket";
        var les = c.Family("ktruth_cgroup_contention_wait_seconds").Samples.Where(s => s.Name == bucket).Select(s => s.Labels["le"]).ToList();
        Assert.Equal(["0.001024", "0.008192", "0.065536", "+Inf"], les);
        Assert.Equal([2.0, 4, 6, 7], les.Select(le => c.Value(bucket, [.. Unnamed("/a"), ("le", le)])));
        Assert.All(les, le => Assert.Equal(f.Value(bucket, [.. Unnamed("/a"), ("le", le)]), c.Value(bucket, [.. Unnamed("/a"), ("le", le)])));
        Assert.Equal(27, f.Family("ktruth_cgroup_contention_wait_seconds").Samples.Count(s => s.Name == bucket)); // slots 0–25 have finite edges, plus +Inf
        HistogramChecker.Check(c.Family("ktruth_cgroup_contention_wait_seconds"));
    }

    [Fact]
    public async Task GetMetrics_CgroupGone_EverySeriesOfItRemoved()
    {
        var metrics = new SensorMetrics();
        await using var app = await MetricsApp.StartAsync(metrics);
        metrics.Observe(MetricsSnapshots.Node(MetricsSnapshots.Cgroup("/a", 1, [1], 1), MetricsSnapshots.Cgroup("/b", 2, [1], 1, limitCores: 0.5)));
        Assert.Contains(PrometheusTextParser.Parse(await app.ScrapeAsync()).Families.SelectMany(f => f.Samples), s => s.Labels.GetValueOrDefault("cgroup") == "/b");

        metrics.Observe(MetricsSnapshots.Node(MetricsSnapshots.Cgroup("/a", 3, [2], 2)));
        var parsed = PrometheusTextParser.Parse(await app.ScrapeAsync());

        Assert.DoesNotContain(parsed.Families.SelectMany(f => f.Samples), s => s.Labels.GetValueOrDefault("cgroup") == "/b");
        Assert.Equal(3e-9, parsed.Value("ktruth_cgroup_cpu_on_cpu_seconds_total", Unnamed("/a")), 15);
    }

    [Fact]
    public async Task GetMetrics_CounterStartedAgain_SeriesShowsTheKernelsLowerValue()
    {
        var metrics = new SensorMetrics();
        await using var app = await MetricsApp.StartAsync(metrics);
        metrics.Observe(MetricsSnapshots.Node(MetricsSnapshots.Cgroup("/a", 3_000_000_000, [1], 1)));
        await app.ScrapeAsync();

        // The sensor forgot /a and tracks it anew: its on-CPU count starts again from 1 s.
        metrics.Observe(MetricsSnapshots.Node(MetricsSnapshots.Cgroup("/a", 1_000_000_000, [1], 1)));
        var parsed = PrometheusTextParser.Parse(await app.ScrapeAsync());

        Assert.Equal(1, parsed.Value("ktruth_cgroup_cpu_on_cpu_seconds_total", Unnamed("/a")), 9);
    }

    [Fact]
    public async Task GetMetrics_PathWithBackslashAndQuote_EscapedAndReadBackExactly()
    {
        const string path = "/system.slice/a\\x2db\"c.service"; // systemd escapes '-' as \x2d in unit names
        var metrics = new SensorMetrics();
        metrics.Observe(MetricsSnapshots.Node(MetricsSnapshots.Cgroup(path, 1, [1], 1)));
        await using var app = await MetricsApp.StartAsync(metrics);

        var parsed = PrometheusTextParser.Parse(await app.ScrapeAsync());

        Assert.Equal(1, parsed.Value("ktruth_cgroup_contention_wait_seconds_count", Unnamed(path)));
        Assert.Equal(5, parsed.Value("ktruth_cgroup_context_switches_total", [.. Unnamed(path), ("kind", "voluntary")]));
    }

    [Fact]
    public async Task GetMetrics_CgroupNamedWithInvalidUtf8_EscapedPathIsTheLabelAndParsesBack()
    {
        // The bytes 66 FF 6F and a literal backslash: the sensor's path is "/pod/f\xffo\\x", and the exposition
        // format escapes each backslash once more in the label value.
        const string path = "/pod/f\\xffo\\\\x";
        var metrics = new SensorMetrics(WaitBucketLayout.Full);
        metrics.Observe(MetricsSnapshots.Node(MetricsSnapshots.Cgroup(path, 1_500_000_000, [1], 1_000)));
        await using var app = await MetricsApp.StartAsync(metrics);

        string body = await app.Client.GetStringAsync("/metrics");

        Promtool.AssertClean(body, "sensor");
        Assert.Contains("cgroup=\"/pod/f\\\\xffo\\\\\\\\x\"", body, StringComparison.Ordinal);
        Assert.Equal(1.5, PrometheusTextParser.Parse(body).Value("ktruth_cgroup_cpu_on_cpu_seconds_total", Unnamed(path)), 9);
    }

    [Fact]
    public async Task GetMetrics_NoSnapshotYet_CleanWithoutCgroupSeries()
    {
        await using var app = await MetricsApp.StartAsync(new SensorMetrics());

        var parsed = PrometheusTextParser.Parse(await app.ScrapeAsync());

        Assert.DoesNotContain(parsed.Families.SelectMany(f => f.Samples), s => s.Labels.ContainsKey("cgroup"));
    }

    [Fact]
    public async Task GetMetrics_OpenMetricsAsked_TextFormatServed()
    {
        var metrics = new SensorMetrics();
        metrics.Observe(MetricsSnapshots.Node(MetricsSnapshots.Cgroup("/a", 1, [1], 1)));
        await using var app = await MetricsApp.StartAsync(metrics);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Add("Accept", "application/openmetrics-text;version=1.0.0;q=0.5,text/plain;version=0.0.4;q=0.3");

        using var response = await app.Client.SendAsync(request);
        string body = await response.Content.ReadAsStringAsync();

        // OpenMetrics ends in "# EOF", after which the appended histograms would be invalid.
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", Assert.Single(response.Content.Headers.GetValues("Content-Type")));
        Assert.DoesNotContain("# EOF", body, StringComparison.Ordinal);
        Promtool.AssertClean(body, "sensor (OpenMetrics asked)");
    }

    [Fact]
    public async Task SensorCounters_FileFormatErrors_CountedByReasonAndFile()
    {
        var metrics = new SensorMetrics();
        var counters = new SensorCounters(metrics.Factory);
        counters.FileFormatError("cpu.stat");
        counters.FileFormatError("cpu.stat");
        counters.CgroupGone();
        counters.ReadDuration(TimeSpan.FromMilliseconds(3));
        await using var app = await MetricsApp.StartAsync(metrics);

        var parsed = PrometheusTextParser.Parse(await app.ScrapeAsync());

        Assert.Equal(2, parsed.Value("ktruth_sensor_errors_total", ("reason", "file_format"), ("file", "cpu.stat")));
        Assert.Equal(1, parsed.Value("ktruth_sensor_errors_total", ("reason", "cgroup_gone"), ("file", "")));
        Assert.Equal(1, parsed.Value("ktruth_sensor_read_duration_seconds_bucket", ("le", "0.005"))); // 3 ms ≤ 5 ms
        Assert.Equal(0, parsed.Value("ktruth_sensor_read_duration_seconds_bucket", ("le", "0.001")));
    }

    [Fact]
    public async Task Post_Metrics_MethodNotAllowed()
    {
        await using var app = await MetricsApp.StartAsync(new SensorMetrics());
        using var content = new StringContent("");

        using var response = await app.Client.PostAsync("/metrics", content);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    /// <summary>The labels of a cgroup the sensor knows no pod for: path, empty pod UID, container id and names.</summary>
    internal static (string, string)[] Unnamed(string path) =>
        [("cgroup", path), ("pod_uid", ""), ("container_id", ""), ("namespace", ""), ("pod", ""), ("container", "")];
}
