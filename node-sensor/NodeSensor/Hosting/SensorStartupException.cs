namespace KernelTruth.NodeSensor.Hosting;

/// <summary>The sensor cannot start; the message says what is missing and how to fix it.</summary>
public sealed class SensorStartupException(string message, Exception? inner = null) : Exception(message, inner);
