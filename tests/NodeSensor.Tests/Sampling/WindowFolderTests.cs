using KernelTruth.NodeSensor.Sampling;

namespace KernelTruth.NodeSensor.Tests.Sampling;

public sealed class WindowFolderTests
{
    private const int UsageBits = 44;

    private static ulong Slot(ulong windowId, ulong ns) => ((windowId & ((1UL << 20) - 1)) << UsageBits) | ns;

    private static ulong[] Ring(params (ulong Id, ulong Ns)[] windows)
    {
        var ring = new ulong[64];
        foreach (var (id, ns) in windows)
        {
            ring[id % 64] = Slot(id, ns);
        }

        return ring;
    }

    [Fact]
    public void Fold_SameRingTwice_CountsEachCompleteWindowOnce()
    {
        var folder = new WindowFolder();
        var ring = Ring((100, 10_000_000), (101, 20_000_000), (102, 30_000_000), (103, 40_000_000), (104, 50_000_000));

        // At window 105, windows ≤ 103 are at least 2 behind: 100..103 are complete, 104 is not.
        folder.Fold(ring, 105);
        folder.Fold(ring, 105);

        Assert.Equal(4UL, folder.Histogram.Count);
        Assert.Equal(100_000_000UL, folder.Histogram.SumNs); // 10 + 20 + 30 + 40 ms
    }

    [Fact]
    public void Fold_WindowGrowsAfterFold_MovedToNewValueNotCountedTwice()
    {
        var folder = new WindowFolder();
        folder.Fold(Ring((100, 10_000_000)), 102);
        // A slice that was still running adds 5 ms to window 100 at its switch-out.
        folder.Fold(Ring((100, 15_000_000)), 103);

        Assert.Equal(1UL, folder.Histogram.Count);
        Assert.Equal(15_000_000UL, folder.Histogram.SumNs);
        Assert.Equal(1UL, folder.Histogram.Slots[UsageBuckets.SlotOf(15_000_000)]);
        Assert.Equal(0UL, folder.Histogram.Slots[UsageBuckets.SlotOf(10_000_000)]);
    }

    [Fact]
    public void Fold_TagWrapsAround_ReconstructsWindowId()
    {
        var folder = new WindowFolder();
        ulong wrap = 1UL << 20;
        // Window 2^20 − 1 has tag 0xFFFFF; the current window 2^20 + 3 has tag 3: 4 windows back.
        folder.Fold(Ring((wrap - 1, 7_000_000), (wrap + 3, 9_000_000)), wrap + 3);

        Assert.Equal(1UL, folder.Histogram.Count);
        Assert.Equal(7_000_000UL, folder.Histogram.SumNs);
    }

    [Fact]
    public void Fold_StaleSlotsLongAfterPrune_NotFoldedAgain()
    {
        var folder = new WindowFolder();
        var ring = Ring((100, 10_000_000));
        folder.Fold(ring, 102);
        // An idle cgroup keeps its old slot; 500 windows later it has been pruned, not re-counted.
        folder.Fold(ring, 600);
        folder.Fold(ring, 601);

        Assert.Equal(1UL, folder.Histogram.Count);
    }
}
