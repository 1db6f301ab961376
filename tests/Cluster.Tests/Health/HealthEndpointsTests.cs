using System.Net;
using KernelTruth.Recommender.Checkpoint;
using KernelTruth.Recommender.Configuration;
using KernelTruth.Recommender.Hosting;
using KernelTruth.Recommender.Input;
using KernelTruth.Recommender.Logic;
using KernelTruth.Recommender.Output;
using KernelTruth.Recommender.Routines;
using KernelTruth.Service;
using KernelTruth.Service.Health;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KernelTruth.Cluster.Tests.Health;

/// <summary>ktruth-recommender's /healthz (the loop's routines, 10 s interval) and /readyz (informers synced) as ASP.NET Core health checks.</summary>
public sealed class HealthEndpointsTests : IAsyncLifetime
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);
    private readonly ManualClock _time = new();
    private readonly ServiceState _state = new();
    private readonly RecommenderLoop _loop;
    private WebApplication _app = null!;
    private HttpClient _http = null!;

    public HealthEndpointsTests()
    {
        var options = new RecommenderOptions { IngestInterval = Interval, StateFile = Path.Combine(Path.GetTempPath(), "ktruth-health-never-saved.json") };
        _loop = new RecommenderLoop(new RecommenderEngine(NullLogger.Instance), new SnapshotSourceList([]), [], new StateFileCheckpointStore(options.StateFile), new RecommendationStore(), options, _time, NullLogger<RecommenderLoop>.Instance);
    }

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSingleton(_state);
        builder.Services.AddSingleton(_loop);
        builder.Services.AddServiceHealthChecks();
        builder.Services.AddHealthChecks().AddCheck<RecommenderHealthCheck>(RecommenderHealthCheck.Name, tags: [RecommenderHealthCheck.Tag]); // as the loop registers it
        _app = builder.Build();
        _app.MapServiceHealthChecks();
        await _app.StartAsync();
        _http = new HttpClient { BaseAddress = new Uri(_app.Urls.First()) };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Readyz_BeforeAndAfterSync_503Then200()
    {
        var before = await GetAsync("/readyz");
        _state.Synced = true;
        var after = await GetAsync("/readyz");

        Assert.Equal((HttpStatusCode.ServiceUnavailable, "Unhealthy: caches not synced yet"), before);
        Assert.Equal((HttpStatusCode.OK, "Healthy: caches synced"), after);
    }

    [Fact]
    public async Task Healthz_NoLoopForFiveIntervals_503SayingWhichRoutines()
    {
        // 5 × 10 s = 50 s: healthy at 50 s after the last loop, not at 51 s (fit and checkpoint: 5 × 60 s).
        await _loop.RunOnceAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(50));
        var atLimit = await GetAsync("/healthz");
        _time.Advance(TimeSpan.FromSeconds(1));
        var past = await GetAsync("/healthz");

        Assert.Equal((HttpStatusCode.OK, "Healthy: finished: ingest 50 s ago, fit 50 s ago, output 50 s ago, checkpoint 50 s ago"), atLimit);
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "Unhealthy: ingest has not finished for 51 s (limit 50 s = 5 × 10 s); output has not finished for 51 s (limit 50 s = 5 × 10 s)"), past);
    }

    private async Task<(HttpStatusCode, string)> GetAsync(string path)
    {
        using var response = await _http.GetAsync(path);
        return (response.StatusCode, (await response.Content.ReadAsStringAsync()).TrimEnd('\n'));
    }

    private sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
