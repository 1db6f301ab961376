namespace KernelTruth.NodeSensor.Tests.Prometheus;

/// <summary>The exposition violates the text format; the message names the line.</summary>
internal sealed class PrometheusParseException(string message) : Exception(message);
