namespace KernelTruth.NodeSensor.Prometheus;

/// <summary>The Content-Type of a text-format 0.0.4 scrape response.</summary>
internal static class PrometheusContentType
{
    // Prometheus 3 fails a scrape whose Content-Type is blank or malformed (a comma instead of a
    // semicolon is enough), so this exact, versioned value is sent on every response.
    public const string Value = "text/plain; version=0.0.4; charset=utf-8";
}
