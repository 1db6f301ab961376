using KernelTruth.NodeSensor.Sampling;

namespace KernelTruth.NodeSensor.Tests.Sampling;

public sealed class UsageBucketsTests
{
    [Fact]
    public void SlotOf_20ms_Slot179CoveringIt()
    {
        // 20 000 µs: log2 = 14, sub-bucket (20 000 >> 10) & 15 = 19 & 15 = 3 → 16 × (14 − 3) + 3 = 179,
        // whose lower bound is (16 + 3) << 10 = 19 456 µs and upper (16 + 4) << 10 = 20 480 µs.
        Assert.Equal(179, UsageBuckets.SlotOf(20_000_000));
        Assert.Equal(19_456_000UL, UsageBuckets.LowerBoundNs(179));
        Assert.Equal(20_480_000UL, UsageBuckets.UpperBoundNs(179));
    }

    [Fact]
    public void SlotOf_AnyValue_LiesWithinItsSlotAndSlotIsAtMost6Point25PercentWide()
    {
        var random = new Random(42);
        for (int i = 0; i < 100_000; i++)
        {
            ulong ns = (ulong)(random.NextDouble() * 30e9); // up to 30 s, below the open last slot
            int slot = UsageBuckets.SlotOf(ns);
            ulong lower = UsageBuckets.LowerBoundNs(slot), upper = UsageBuckets.UpperBoundNs(slot);
            Assert.True(lower <= (ns / 1000 * 1000) && ns < upper, $"{ns} ns not in slot {slot} [{lower}, {upper})");
            if (lower >= 16_000)
            {
                Assert.True((upper - lower) / (double)lower <= 1.0 / 16 + 1e-12, $"slot {slot} is {(upper - lower) / (double)lower:P2} wide");
            }
        }
    }

    [Fact]
    public void UpperBoundNs_AllSlots_StrictlyIncreasingAndLastOpen()
    {
        for (int slot = 1; slot < UsageBuckets.Slots; slot++)
        {
            Assert.True(UsageBuckets.UpperBoundNs(slot) > UsageBuckets.UpperBoundNs(slot - 1));
        }

        Assert.Equal(ulong.MaxValue, UsageBuckets.UpperBoundNs(UsageBuckets.Slots - 1));
        Assert.Equal(UsageBuckets.Slots - 1, UsageBuckets.SlotOf(ulong.MaxValue / 2));
    }
}
