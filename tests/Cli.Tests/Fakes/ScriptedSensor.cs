using KernelTruth.Contracts.Snapshot;
using KernelTruth.NodeSensor.Hosting;

namespace KernelTruth.Cli.Tests.Fakes;

/// <summary>Hands out snapshots made by a function of the read number (0, 1, 2 …), as the sensor would at each read.</summary>
internal sealed class ScriptedSensor(Func<int, NodeSnapshot> snapshot) : ISnapshotReader
{
    private int _reads;

    public int Reads => _reads;

    public NodeSnapshot Read() => snapshot(Interlocked.Increment(ref _reads) - 1);
}
