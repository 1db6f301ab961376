using KernelTruth.NodeSensor.Prometheus;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KernelTruth.NodeSensor.Tests.Prometheus;

/// <summary>Only <see cref="SensorMetricsEndpoints.MapSensorMetrics"/> on a loopback port the OS picks, with a client.</summary>
internal sealed class MetricsApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private MetricsApp(WebApplication app, Uri address)
    {
        _app = app;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public HttpClient Client { get; }

    public static async Task<MetricsApp> StartAsync(SensorMetrics metrics)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapSensorMetrics(metrics);
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new MetricsApp(app, new Uri(address));
    }

    /// <summary>GET /metrics: the body, after checking it is 200 and clean for promtool.</summary>
    public async Task<string> ScrapeAsync()
    {
        using var response = await Client.GetAsync("/metrics");
        string body = await response.Content.ReadAsStringAsync();
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Promtool.AssertClean(body, "sensor");
        return body;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
