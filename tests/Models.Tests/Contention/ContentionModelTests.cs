using KernelTruth.Models.Contention;
using KernelTruth.Models.Histograms;
using KernelTruth.Models.Tests.Fakes;

namespace KernelTruth.Models.Tests.Contention;

public class ContentionModelTests
{
    private static readonly HistogramShape Shape = WaitHistogram.Shape(TimeSpan.FromHours(24));

    private static ContentionModel With(params (int Slot, long Count)[] slots)
    {
        long[] counts = new long[27];
        foreach (var (slot, count) in slots)
        {
            counts[slot] = count;
        }

        var model = new ContentionModel();
        model.Add(Shape, Intervals.Exact(Intervals.T0, 10, (0.1, 100)) with { ContentionWait = counts });
        return model;
    }

    [Fact]
    public void Note_P99Below10ms_IsNull()
    {
        // 100 waits in [512, 1024) µs: p99 = 512 + 0.99·512 = 1018.9 µs.
        ContentionModel model = With((9, 100));

        Assert.Equal(0.00101888, model.PercentileSeconds(Shape, 0.99), 8);
        Assert.Null(model.Note(Shape, TimeSpan.FromMilliseconds(10)));
    }

    [Fact]
    public void Note_P99Above10ms_SaysTheNodeIsShortAndALimitWillNotHelp()
    {
        // 90 waits in slot 5 and 10 in slot 14 [16.384, 32.768) ms: p99 = 16.384 + 0.9·16.384 = 31.13 ms.
        ContentionModel model = With((5, 90), (14, 10));

        Assert.Equal(0.0311296, model.PercentileSeconds(Shape, 0.99), 7);
        string note = model.Note(Shape, TimeSpan.FromMilliseconds(10))!;
        Assert.Contains("31.1 ms", note, StringComparison.Ordinal);
        Assert.Contains("short of CPU", note, StringComparison.Ordinal);
        Assert.Contains("request", note, StringComparison.Ordinal);
        Assert.Contains("limit change will not fix it", note, StringComparison.Ordinal);
    }

    [Fact]
    public void Note_NoWaitsSeen_IsNull() => Assert.Null(new ContentionModel().Note(WaitHistogram.Shape(TimeSpan.FromHours(1)), TimeSpan.Zero));

    [Fact]
    public void Add_FirstWait_AllocatesOnlyItsEntriesArray()
    {
        // The histogram sits inline in the part: the first wait allocates its entries' array and nothing else, one
        // slot = 24-byte header + one 6-byte pair, rounded to 8 = 32 bytes. Held in an object of its own it was that
        // object too (16-byte header + 24 bytes of weights = 40) and an 8-byte pair: 72 bytes.
        var first = Intervals.Exact(Intervals.T0, 10, (0.1, 100)) with { ContentionWait = [0, 0, 0, 5] };
        var warm = new ContentionModel();
        warm.Add(Shape, first); // JIT and type loading before the measurement

        var model = new ContentionModel();
        long before = GC.GetAllocatedBytesForCurrentThread();
        model.Add(Shape, first);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(32, allocated);
        Assert.Equal(24 + 6, model.RetainedBytes);
        Assert.False(model.IsEmpty);
    }
}
