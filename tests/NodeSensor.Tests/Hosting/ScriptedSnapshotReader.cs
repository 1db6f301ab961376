using KernelTruth.Contracts.Snapshot;
using KernelTruth.NodeSensor.Hosting;

namespace KernelTruth.NodeSensor.Tests.Hosting;

/// <summary>A snapshot reader that succeeds or throws as the test sets it, and counts the calls.</summary>
internal sealed class ScriptedSnapshotReader : ISnapshotReader
{
    private static readonly NodeSnapshot Empty = new()
    {
        Node = "test-node",
        Kernel = "6.18.0",
        CgroupVersion = 1,
        PeriodUsageSource = "window",
        TakenAtUnixNs = 0,
        MonotonicNs = 0,
        Cgroups = [],
    };

    /// <summary>Thrown by <see cref="Read"/> while set; null = reads succeed.</summary>
    public Exception? Failure { get; set; }

    public int Reads { get; private set; }

    public NodeSnapshot Read()
    {
        Reads++;
        return Failure is null ? Empty : throw Failure;
    }
}
