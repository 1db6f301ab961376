using KernelTruth.Contracts.Snapshot;
using KernelTruth.Contracts.Sources;

namespace KernelTruth.NodeSensor.Hosting;

/// <summary>
/// The sensor running in this process (single-host mode): every read is a fresh
/// <see cref="SensorRuntime.Read"/>. The sensor folds its usage windows on each read and its
/// ring holds about 6 s of them, so a host whose ingest interval is longer than 5 s must keep the
/// sensor's own read loop running too (as ktruth-sensor does); the counters are cumulative, so
/// extra reads in between change nothing here.
/// </summary>
public sealed class InProcessSnapshotSource : ISnapshotSource
{
    public const string SensorName = "in-process sensor";

    private readonly Func<NodeSnapshot> _read;

    public InProcessSnapshotSource(SensorRuntime runtime)
        : this((runtime ?? throw new ArgumentNullException(nameof(runtime))).Read)
    {
    }

    internal InProcessSnapshotSource(Func<NodeSnapshot> read) => _read = read;

    public Task<NodeSnapshot> ReadAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            return Task.FromResult(_read());
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return Task.FromException<NodeSnapshot>(new SnapshotSourceException(SensorName, $"{SensorName}: reading the snapshot failed: {ex.Message}", ex));
        }
    }

    public override string ToString() => SensorName;
}
