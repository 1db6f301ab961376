using System.Net;
using KernelTruth.Service;
using KernelTruth.Service.Health;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KernelTruth.Cluster.Tests.Health;

/// <summary>ktruth-recommender's /healthz and /readyz as ASP.NET Core health checks over the service's state.</summary>
public sealed class HealthEndpointsTests : IAsyncLifetime
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);
    private readonly ManualClock _time = new();
    private readonly ServiceState _state;
    private WebApplication _app = null!;
    private HttpClient _http = null!;

    public HealthEndpointsTests() => _state = new ServiceState(_time, Interval);

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSingleton(_state);
        builder.Services.AddServiceHealthChecks();
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
    public async Task Healthz_NoCycleForFiveIntervals_503SayingSince()
    {
        // 5 × 10 s = 50 s: healthy at 50 s after the last cycle, not at 51 s.
        _state.Completed(new Cluster.Controllers.CycleReport(), TimeSpan.FromMilliseconds(5));
        _time.Advance(TimeSpan.FromSeconds(50));
        var atLimit = await GetAsync("/healthz");
        _time.Advance(TimeSpan.FromSeconds(1));
        var past = await GetAsync("/healthz");

        Assert.Equal((HttpStatusCode.OK, "Healthy: last cycle 50 s ago"), atLimit);
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "Unhealthy: last cycle 51 s ago"), past);
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
