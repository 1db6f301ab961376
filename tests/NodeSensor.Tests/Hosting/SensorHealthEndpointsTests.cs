using System.Net;
using KernelTruth.NodeSensor.Hosting;
using KernelTruth.NodeSensor.Tests.Fakes;
using KernelTruth.NodeSensor.Tests.Prometheus;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace KernelTruth.NodeSensor.Tests.Hosting;

/// <summary>
/// /healthz and /readyz through ASP.NET Core health checks, without the kernel: the sensor loop's check
/// over a scripted reader and a clock the test moves, and a readiness check the test sets.
/// </summary>
public sealed class SensorHealthEndpointsTests
{
    private readonly ManualTimeProvider _clock = new();
    private readonly ScriptedSnapshotReader _reader = new();

    [Fact]
    public async Task GetHealthz_LoopReadRecently_OkWithAge_StaleAfterFiveIntervals_503()
    {
        var loop = new SensorLoop(_reader, new SensorOptions { Interval = TimeSpan.FromSeconds(1) }, _clock, new ListLogger<SensorLoop>());
        await using var app = await StartAsync(loop, ready: false);
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "unhealthy: no snapshot has been read yet\n"), await GetAsync(app, "/healthz"));

        loop.RunOnce(CancellationToken.None);
        Assert.Equal((HttpStatusCode.OK, "ok: last snapshot read 0.0 s ago\n"), await GetAsync(app, "/healthz"));

        _clock.Advance(TimeSpan.FromMilliseconds(5001)); // 5 intervals of 1 s have passed without a read
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "unhealthy: last snapshot read 5.0 s ago\n"), await GetAsync(app, "/healthz"));
    }

    [Theory]
    [InlineData(false, HttpStatusCode.ServiceUnavailable, "unhealthy: no snapshot read yet\n")]
    [InlineData(true, HttpStatusCode.OK, "ok: a snapshot was read\n")]
    public async Task GetReadyz_OnlyTheReadinessCheck_DecidesStatusAndReason(bool ready, HttpStatusCode expected, string body)
    {
        // The loop has never read, so /healthz is unhealthy: /readyz must not look at it.
        var loop = new SensorLoop(_reader, new SensorOptions { Interval = TimeSpan.FromSeconds(1) }, _clock, new ListLogger<SensorLoop>());
        await using var app = await StartAsync(loop, ready);

        Assert.Equal((expected, body), await GetAsync(app, "/readyz"));
    }

    [Fact]
    public async Task GetReadyz_CgroupMapFull_200DegradedWithTheReason()
    {
        // A full map leaves the busy cgroups served: degraded is 200, the body says what is missing.
        var loop = new SensorLoop(_reader, new SensorOptions { Interval = TimeSpan.FromSeconds(1) }, _clock, new ListLogger<SensorLoop>());
        await using var app = await StartAsync(loop, ready: true, degraded: "cgroup map full (--max-cgroups 64): 181 cgroups not tracked");

        Assert.Equal((HttpStatusCode.OK, "degraded: a snapshot was read; cgroup map full (--max-cgroups 64): 181 cgroups not tracked\n"), await GetAsync(app, "/readyz"));
    }

    /// <summary>The sensor's checks as SensorWebApp registers them, with stand-ins for the first-snapshot and cgroup-map checks (which need a kernel runtime).</summary>
    private static async Task<WebApplication> StartAsync(SensorLoop loop, bool ready, string? degraded = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSingleton(loop);
        builder.Services.AddHealthChecks()
            .AddCheck<SensorLoopHealthCheck>(SensorLoopHealthCheck.Name, tags: [SensorHealthEndpoints.Live])
            .AddCheck(FirstSnapshotHealthCheck.Name, () => ready ? HealthCheckResult.Healthy("a snapshot was read") : HealthCheckResult.Unhealthy("no snapshot read yet"), tags: [SensorHealthEndpoints.Ready]);
        if (degraded is not null)
        {
            builder.Services.AddHealthChecks().AddCheck(MapPressureHealthCheck.Name, () => HealthCheckResult.Degraded(degraded), tags: [SensorHealthEndpoints.Ready]);
        }

        var app = builder.Build();
        app.MapSensorHealth();
        await app.StartAsync();
        return app;
    }

    private static async Task<(HttpStatusCode, string)> GetAsync(WebApplication app, string path)
    {
        string address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        using var client = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(30) };
        using var response = await client.GetAsync(path);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
