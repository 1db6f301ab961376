using KernelTruth.Contracts.Snapshot;
using KernelTruth.Contracts.Sources;
using KernelTruth.NodeSensor.Hosting;

namespace KernelTruth.NodeSensor.Tests.Hosting;

/// <summary>The sensor in this process as a snapshot source: a good read, and a failed read naming the sensor.</summary>
public sealed class InProcessSnapshotSourceTests
{
    private static readonly NodeSnapshot Snapshot = new()
    {
        Node = "n1",
        Kernel = "6.18.0",
        CgroupVersion = 1,
        PeriodUsageSource = "window",
        TakenAtUnixNs = 1,
        MonotonicNs = 2,
        Cgroups = [],
    };

    [Fact]
    public void MaxReadInterval_WithinWhatTheWindowRingCovers()
    {
        // 64 windows of 100 ms (the sensor's window length) = 6.4 s: a loop reading every 5 s folds every window in
        // time, with 1.4 s to spare for a late loop.
        var ring = TimeSpan.FromMilliseconds(100) * KernelTruth.NodeSensor.Bpf.Programs.SchedEventsNative.WindowRing;
        var source = new InProcessSnapshotSource(() => Snapshot);

        Assert.Equal(TimeSpan.FromSeconds(5), source.MaxReadInterval);
        Assert.True(source.MaxReadInterval < ring, $"{source.MaxReadInterval} must be under the ring's {ring}");
    }

    [Fact]
    public async Task ReadAsync_ReadSucceeds_ReturnsTheSnapshot()
    {
        var source = new InProcessSnapshotSource(() => Snapshot);

        Assert.Same(Snapshot, await source.ReadAsync(CancellationToken.None));
    }

    [Fact]
    public async Task ReadAsync_ReadThrows_SourceErrorNamingTheSensorWithTheCause()
    {
        var cause = new IOException("map read failed");
        var source = new InProcessSnapshotSource(() => throw cause);

        var error = await Assert.ThrowsAsync<SnapshotSourceException>(() => source.ReadAsync(CancellationToken.None));

        Assert.Equal("in-process sensor", error.Sensor);
        Assert.Equal("in-process sensor: reading the snapshot failed: map read failed", error.Message);
        Assert.Same(cause, error.InnerException);
    }
}
