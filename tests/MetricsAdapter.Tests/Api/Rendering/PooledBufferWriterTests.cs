using KernelTruth.MetricsAdapter.Api.Rendering;

namespace KernelTruth.MetricsAdapter.Tests.Api.Rendering;

public class PooledBufferWriterTests
{
    [Fact]
    public void GetSpan_PastCapacity_GrowsAndKeepsWhatWasWritten()
    {
        // 300 writes of 7 bytes (bytes 0..6, then 7..13 …, wrapping at 256) into a writer sized for 256:
        // it must grow at least three times and keep all 2 100 bytes in order.
        using var writer = new PooledBufferWriter(256);
        var expected = new byte[300 * 7];
        for (int i = 0; i < expected.Length; i++)
        {
            expected[i] = (byte)i;
        }

        for (int w = 0; w < 300; w++)
        {
            var span = writer.GetSpan(7);
            expected.AsSpan(w * 7, 7).CopyTo(span);
            writer.Advance(7);
        }

        Assert.Equal(expected, writer.WrittenSpan.ToArray());
    }

    [Fact]
    public void Advance_PastWhatWasHandedOut_Throws()
    {
        using var writer = new PooledBufferWriter(256);
        int available = writer.GetSpan().Length;

        Assert.Throws<ArgumentOutOfRangeException>(() => writer.Advance(available + 1));
    }
}
