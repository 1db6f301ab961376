using KernelTruth.Contracts.Snapshot;
using KernelTruth.Contracts.Sources;

namespace KernelTruth.NodeSensor.Hosting;

/// <summary>
/// The sensor running in this process (single-host mode): every read is a fresh
/// <see cref="SensorRuntime.Read"/>. The sensor folds its usage windows on each read and its
/// ring holds 64 of them (6.4 s at 100 ms), so it must be read at least every
/// <see cref="MaxReadInterval"/> (5 s, the sensor's own longest --interval: a late loop still folds in
/// time); a loop configured to read it less often is refused (<see cref="IReadIntervalLimit"/>). A host that
/// must read less often keeps the sensor's own read loop running too (as ktruth-sensor does) and reads
/// that over HTTP; the counters are cumulative, so extra reads in between change nothing.
/// </summary>
public sealed class InProcessSnapshotSource : ISnapshotSource, IReadIntervalLimit
{
    public const string SensorName = "in-process sensor";

    private readonly Func<NodeSnapshot> _read;

    public InProcessSnapshotSource(SensorRuntime runtime)
        : this((runtime ?? throw new ArgumentNullException(nameof(runtime))).Read)
    {
    }

    internal InProcessSnapshotSource(Func<NodeSnapshot> read) => _read = read;

    public TimeSpan MaxReadInterval => SensorDefaults.MaxInterval;

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
