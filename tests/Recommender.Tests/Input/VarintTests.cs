using KernelTruth.Recommender.Input;

namespace KernelTruth.Recommender.Tests.Input;

/// <summary>LEB128: every ulong back exactly, in 7 bits per byte.</summary>
public sealed class VarintTests
{
    [Theory]
    [InlineData(0UL, 1)]
    [InlineData(127UL, 1)]              // 2^7 − 1: the last one-byte value
    [InlineData(128UL, 2)]
    [InlineData(300UL, 2)]              // 0xAC 0x02
    [InlineData(1_000_000_000UL, 5)]    // 2^29.9: 30 bits in 5 × 7
    [InlineData((1UL << 63) - 1, 9)]    // 63 bits in 9 × 7
    [InlineData(1UL << 63, 10)]
    [InlineData(ulong.MaxValue, 10)]
    public void WriteRead_Value_SameValueInItsSize(ulong value, int size)
    {
        var count = new Varint.Writer(null);
        count.Put(value);
        var bytes = new byte[count.Position + 1];
        bytes[^1] = 0xEE; // a byte after it must not be read
        var writer = new Varint.Writer(bytes);
        writer.Put(value);
        int at = 0;

        ulong read = Varint.Read(bytes, ref at);

        Assert.Equal((size, size, value, size), (count.Position, writer.Position, read, at));
    }

    [Theory]
    [InlineData(12_000_000_500UL, 12_000_000_000UL, 2)] // distance 500 ⇒ zigzag 1 000 ⇒ 2 bytes (5 as it is)
    [InlineData(12_000_000_000UL, 12_000_000_000UL, 1)] // the same ⇒ 0
    [InlineData(11_999_999_999UL, 12_000_000_000UL, 1)] // −1 ⇒ 1
    [InlineData(0UL, ulong.MaxValue, 1)]                // wraps: 0 is 1 above ulong.MaxValue ⇒ 2
    [InlineData(ulong.MaxValue, 0UL, 1)]                // −1 ⇒ 1
    [InlineData(1UL << 63, 0UL, 10)]                    // as far as a ulong can be either way
    [InlineData(0UL, 1UL << 63, 10)]
    public void PutNearReadNear_ValueBesideAReference_SameValueInTheSizeOfItsDistance(ulong value, ulong reference, int size)
    {
        var count = new Varint.Writer(null);
        count.PutNear(value, reference);
        var bytes = new byte[count.Position + 1];
        bytes[^1] = 0xEE; // a byte after it must not be read
        var writer = new Varint.Writer(bytes);
        writer.PutNear(value, reference);
        int at = 0;

        ulong read = Varint.ReadNear(bytes, ref at, reference);

        Assert.Equal((size, size, value, size), (count.Position, writer.Position, read, at));
    }
}
