namespace KernelTruth.Contracts.Sources;

/// <summary>One read of one sensor failed: unreachable, too slow, an error status or a body that is not a snapshot.</summary>
public sealed class SnapshotSourceException(string sensor, string message, Exception? innerException = null)
    : Exception(message, innerException)
{
    /// <summary>Which sensor: its snapshot URL, or "in-process sensor".</summary>
    public string Sensor { get; } = sensor;
}
