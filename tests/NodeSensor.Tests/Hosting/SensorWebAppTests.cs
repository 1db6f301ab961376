using System.Net;
using System.Text.Json;
using KernelTruth.Contracts.Snapshot;
using KernelTruth.NodeSensor.Tests.Kernel;
using KernelTruth.NodeSensor.Tests.Prometheus;
using Microsoft.Extensions.Logging;

namespace KernelTruth.NodeSensor.Tests.Hosting;

/// <summary>
/// The HTTP API end to end over a real socket, around the kernel tests' shared sensor (which runs
/// with AllCgroups, so the root cgroup "/" is always in the snapshot).
/// </summary>
[Collection(KernelCollection.Name)]
public sealed class SensorWebAppTests(SensorFixture sensor)
{
    /// <summary>Bounds each test if the server never answers, instead of hanging the run.</summary>
    private static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The loop's first read starts with the app; 10 s is 50 of its 200 ms intervals.</summary>
    private static readonly TimeSpan FirstReadWait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task GetSnapshot_RunningSensor_JsonContractWithRootCgroup()
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        await using var api = await SensorApi.StartAsync(sensor.Runtime, timeout.Token);

        using var response = await api.Client.GetAsync("/v1/snapshot", timeout.Token);
        string body = await response.Content.ReadAsStringAsync(timeout.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        var snapshot = JsonSerializer.Deserialize(body, SnapshotJsonContext.Default.NodeSnapshot);
        Assert.NotNull(snapshot);
        Assert.Equal("ktruth.io/v1", snapshot.ApiVersion);
        Assert.InRange(snapshot.CgroupVersion, 1, 2);
        Assert.Contains(snapshot.Cgroups, c => c.Path == "/");

        // The names are the contract: read them from the raw JSON, not through
        // the same serializer that wrote them.
        using var json = JsonDocument.Parse(body);
        Assert.Equal("ktruth.io/v1", json.RootElement.GetProperty("apiVersion").GetString());
        Assert.Equal(snapshot.CgroupVersion, json.RootElement.GetProperty("cgroupVersion").GetInt32());
        Assert.Contains(json.RootElement.GetProperty("cgroups").EnumerateArray(), c => c.GetProperty("path").GetString() == "/");
        await api.StopAsync(timeout.Token);
    }

    [Fact]
    public async Task GetMetrics_SnapshotRead_PromtoolCleanWithCgroupFamilies()
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        await using var api = await SensorApi.StartAsync(sensor.Runtime, timeout.Token);
        var ready = await api.GetUntilAsync("/readyz", HttpStatusCode.OK, FirstReadWait, timeout.Token); // families exist once a snapshot does
        Assert.Equal(HttpStatusCode.OK, ready.Status);

        using var response = await api.Client.GetAsync("/metrics", timeout.Token);
        string body = await response.Content.ReadAsStringAsync(timeout.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", Assert.Single(response.Content.Headers.GetValues("Content-Type")));
        Promtool.AssertClean(body, "ktruth-sensor");
        var parsed = PrometheusTextParser.Parse(body);
        var onCpu = parsed.Family("ktruth_cgroup_cpu_on_cpu_seconds_total");
        Assert.Equal("counter", onCpu.Type);
        Assert.Contains(onCpu.Samples, s => s.Labels["cgroup"] == "/");
        foreach (string name in new[] { "ktruth_cgroup_contention_wait_seconds", "ktruth_cgroup_throttle_wait_seconds" })
        {
            var histogram = parsed.Family(name);
            Assert.Equal("histogram", histogram.Type);
            Assert.Contains(histogram.Samples, s => s.Name == name + "_bucket" && s.Labels["cgroup"] == "/" && s.Labels["le"] == "+Inf");
        }

        await api.StopAsync(timeout.Token);
    }

    [Fact]
    public async Task GetReadyz_SnapshotExists_Ok()
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        await using var api = await SensorApi.StartAsync(sensor.Runtime, timeout.Token);

        var (status, body) = await api.GetUntilAsync("/readyz", HttpStatusCode.OK, FirstReadWait, timeout.Token);

        Assert.True(status == HttpStatusCode.OK, $"/readyz answered {(int)status}: {body}");
        Assert.NotNull(sensor.Runtime.Latest);
        Assert.Equal("ok: a snapshot was read; every cgroup that ran has a slot\n", body);
        await api.StopAsync(timeout.Token);
    }

    [Fact]
    public async Task GetHealthz_LoopHasRead_Ok()
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        await using var api = await SensorApi.StartAsync(sensor.Runtime, timeout.Token);

        var (status, body) = await api.GetUntilAsync("/healthz", HttpStatusCode.OK, FirstReadWait, timeout.Token);

        Assert.True(status == HttpStatusCode.OK, $"/healthz answered {(int)status} within {FirstReadWait.TotalSeconds} s: {body}");
        Assert.StartsWith("ok: last snapshot read ", body, StringComparison.Ordinal);
        await api.StopAsync(timeout.Token);
    }

    [Fact]
    public async Task Get_UnknownPath_NotFound()
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        await using var api = await SensorApi.StartAsync(sensor.Runtime, timeout.Token);

        using var response = await api.Client.GetAsync("/nope", timeout.Token);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await api.StopAsync(timeout.Token);
    }

    [Theory]
    [InlineData("/v1/snapshot")]
    [InlineData("/metrics")]
    public async Task Post_ReadOnlyEndpoint_MethodNotAllowed(string path)
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        await using var api = await SensorApi.StartAsync(sensor.Runtime, timeout.Token);
        using var content = new StringContent("{}");

        using var response = await api.Client.PostAsync(path, content, timeout.Token);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        await api.StopAsync(timeout.Token);
    }

    [Theory]
    [InlineData(LogLevel.Information, false)]
    [InlineData(LogLevel.Debug, true)]
    public async Task GetMetrics_TenScrapes_RequestLinesOnlyAtDebug(LogLevel level, bool expected)
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        var lines = new LogLines();
        await using var api = await SensorApi.StartAsync(sensor.Runtime, timeout.Token, o => o with { LogLevel = level }, b => b.AddProvider(lines));

        for (int i = 0; i < 10; i++)
        {
            using var response = await api.Client.GetAsync("/metrics", timeout.Token);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await api.StopAsync(timeout.Token);

        // ASP.NET Core's "Request starting", "Executing endpoint", "Executed endpoint", "Request finished": 4 per request.
        int requestLines = lines.Entries.Count(e => e.Category.StartsWith("Microsoft.AspNetCore.", StringComparison.Ordinal) && e.Level == LogLevel.Information);
        Assert.True(expected ? requestLines >= 40 : requestLines == 0, $"{requestLines} request lines at --log-level {level}");
    }

    /// <summary>Every log entry of the app, with its category.</summary>
    private sealed class LogLines : ILoggerProvider
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<(string Category, LogLevel Level)> _entries = new();

        public IReadOnlyCollection<(string Category, LogLevel Level)> Entries => _entries;

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, System.Collections.Concurrent.ConcurrentQueue<(string, LogLevel)> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                entries.Enqueue((category, logLevel));
        }
    }
}
