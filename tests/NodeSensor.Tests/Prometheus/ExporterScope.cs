using System.Diagnostics.Metrics;
using KernelTruth.NodeSensor.Prometheus;

namespace KernelTruth.NodeSensor.Tests.Prometheus;

/// <summary>
/// A meter with a name no other test uses and an exporter that exports only that meter, so
/// tests running in parallel never see each other's instruments.
/// </summary>
internal sealed class ExporterScope : IDisposable
{
    public ExporterScope()
    {
        Meter = new Meter($"ktruth.test.{Guid.NewGuid():N}");
        var meterName = Meter.Name;
        Exporter = new PrometheusExporter(name => name == meterName, Logger);
    }

    public Meter Meter { get; }

    public ListLogger<PrometheusExporter> Logger { get; } = new();

    public PrometheusExporter Exporter { get; }

    public async Task<string> TextAsync()
    {
        using var writer = new StringWriter();
        await Exporter.WriteAsync(writer);
        return writer.ToString();
    }

    /// <summary>Scrapes and reads the text back through the strict parser.</summary>
    public async Task<ParsedExposition> ScrapeAsync() => PrometheusTextParser.Parse(await TextAsync());

    public void Dispose()
    {
        Exporter.Dispose();
        Meter.Dispose();
    }
}
