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

        var model = default(ContentionModel);
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
    public void Note_NoWaitsSeen_IsNull() => Assert.Null(default(ContentionModel).Note(WaitHistogram.Shape(TimeSpan.FromHours(1)), TimeSpan.Zero));
}
