using KernelTruth.Contracts.Snapshot;

namespace KernelTruth.Contracts.Sources;

/// <summary>
/// Where node snapshots come from: a sensor in this process or one reached over HTTP. A read that
/// fails throws <see cref="SnapshotSourceException"/> naming the sensor; it is an error for that
/// read only, and the next round simply reads again.
/// </summary>
public interface ISnapshotSource
{
    /// <summary>The sensor's snapshot now.</summary>
    /// <exception cref="SnapshotSourceException">The sensor could not be read; the message says which and why.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    Task<NodeSnapshot> ReadAsync(CancellationToken cancellationToken);
}
