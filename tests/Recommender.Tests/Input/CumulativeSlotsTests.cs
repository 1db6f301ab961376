using KernelTruth.Recommender.Input;

namespace KernelTruth.Recommender.Tests.Input;

/// <summary>The sparse baseline of a cumulative histogram: exact counts back, at increasing indices.</summary>
public sealed class CumulativeSlotsTests
{
    [Fact]
    public void Walk_SparseCounts_EverySlotReadBackExactly()
    {
        ulong[] counts = [0, 0, 7, 0, 0, 0, 1_000_000, 0, 3];
        var slots = CumulativeSlots.Of(counts);

        var cursor = slots.Walk();
        var read = new ulong[counts.Length];
        for (int i = 0; i < read.Length; i++)
        {
            read[i] = cursor.At(i);
        }

        Assert.Equal(counts, read);
    }

    [Fact]
    public void Walk_BeyondTheList_Zero()
    {
        var cursor = CumulativeSlots.Of([5, 6]).Walk();

        Assert.Equal(5UL, cursor.At(0));
        Assert.Equal(0UL, cursor.At(2));
        Assert.Equal(0UL, cursor.At(300));
    }

    [Fact]
    public void Walk_AllZeroOrEmpty_ZeroEverywhere()
    {
        Assert.Equal(0UL, CumulativeSlots.Of([0, 0, 0]).Walk().At(1));
        Assert.Equal(0UL, CumulativeSlots.Of([]).Walk().At(0));
        Assert.Equal(0UL, default(CumulativeSlots).Walk().At(0));
    }

    [Fact]
    public void Of_CountBeyond48Bits_Exact()
    {
        // 2^48 = 281 474 976 710 656 did not fit the 48-bit count an earlier layout packed; a varint holds any ulong.
        ulong big = 1UL << 48;
        var cursor = CumulativeSlots.Of([1, big, 0, ulong.MaxValue]).Walk();

        Assert.Equal([1UL, big, 0UL, ulong.MaxValue], [cursor.At(0), cursor.At(1), cursor.At(2), cursor.At(3)]);
    }

    [Theory]
    [InlineData(new ulong[] { 0, 5, 9 }, new ulong[] { 0, 5, 9 }, false)]  // unchanged
    [InlineData(new ulong[] { 0, 5, 9 }, new ulong[] { 1, 6, 9, 4 }, false)] // grew, and a new slot
    [InlineData(new ulong[] { 0, 5, 9 }, new ulong[] { 0, 4, 9 }, true)]  // slot 1 went down
    [InlineData(new ulong[] { 0, 5, 9 }, new ulong[] { 0, 5 }, true)]     // slot 2 vanished: 9 → 0
    [InlineData(new ulong[] { 0, 0, 0 }, new ulong[] { }, false)]         // nothing to lose
    public void AnyAbove_LaterReading_TrueOnlyWhenASlotDecreased(ulong[] earlier, ulong[] later, bool backwards)
    {
        Assert.Equal(backwards, CumulativeSlots.Of(earlier).AnyAbove(later));
    }

    [Fact]
    public void AnyAbove_CountsBeyond48Bits_SameRule()
    {
        var dense = CumulativeSlots.Of([1UL << 50, 2]);

        Assert.False(dense.AnyAbove([1UL << 50, 2, 0]));
        Assert.True(dense.AnyAbove([1UL << 50, 1]));
    }
}
