namespace KernelTruth.NodeSensor.Prometheus;

/// <summary>The metric types this exposition writes (summary and untyped are never produced).</summary>
internal enum MetricType
{
    Counter,
    Gauge,
    Histogram,
}
