using System.Diagnostics.Metrics;
using KernelTruth.NodeSensor.Prometheus;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KernelTruth.NodeSensor.Tests.Prometheus;

public sealed class PrometheusEndpointTests
{
    [Fact]
    public void Value_IsVersionedTextFormatWithSemicolons()
    {
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", PrometheusContentType.Value);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("/custom/metrics")]
    public async Task MapPrometheusMetrics_Get_ServesParsableExpositionWithExactContentType(string? path)
    {
        // Bounds the test if the server never answers, instead of hanging the run.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var meter = new Meter($"ktruth.test.{Guid.NewGuid():N}");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var meterName = meter.Name;
        builder.Services.AddSingleton(sp => new PrometheusExporter(
            name => name == meterName, new ListLogger<PrometheusExporter>()));
        await using var app = builder.Build();
        if (path is null)
        {
            app.MapPrometheusMetrics();
        }
        else
        {
            app.MapPrometheusMetrics(path);
        }

        // After mapping: the exporter exists only from then on and sees only later measurements.
        meter.CreateCounter<int>("ktruth.http.test").Add(3, new KeyValuePair<string, object?>("pod", "web-1"));
        await app.StartAsync(timeout.Token);
        using var client = new HttpClient { BaseAddress = new Uri(BoundAddress(app)) };

        using var response = await client.GetAsync(path ?? "/metrics", timeout.Token);
        var body = await response.Content.ReadAsStringAsync(timeout.Token);

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(PrometheusContentType.Value, Assert.Single(response.Content.Headers.GetValues("Content-Type")));
        var parsed = PrometheusTextParser.Parse(body);
        Assert.Equal(3, parsed.Value("ktruth_http_test_total", ("pod", "web-1")));
        await app.StopAsync(timeout.Token);
    }

    [Fact]
    public async Task MapPrometheusMetrics_ExporterNotRegistered_FailsAtMapping()
    {
        var builder = WebApplication.CreateSlimBuilder();
        await using var app = builder.Build();

        Assert.Throws<InvalidOperationException>(() => app.MapPrometheusMetrics());
    }

    // Port 0 lets the OS pick a free port; Kestrel reports the one it bound after start.
    private static string BoundAddress(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
}
