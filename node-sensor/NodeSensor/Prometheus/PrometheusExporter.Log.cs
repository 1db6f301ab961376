using Microsoft.Extensions.Logging;

namespace KernelTruth.NodeSensor.Prometheus;

internal sealed partial class PrometheusExporter
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning,
        Message = "Metrics source {Source} failed; its families are left out of this scrape")]
    private static partial void LogSourceFailed(ILogger logger, string source, Exception exception);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning,
        Message = "Metrics instrument {Instrument} failed; it is left out of this scrape")]
    private static partial void LogInstrumentFailed(ILogger logger, string instrument, Exception exception);
}
