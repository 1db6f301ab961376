using KernelTruth.Models.Baseline;
using KernelTruth.Models.Histograms;
using KernelTruth.Models.Memory;
using KernelTruth.Models.Tests.Fakes;

namespace KernelTruth.Models.Tests.Memory;

public class DailyPeaksTests
{
    private const double MiB = 1024 * 1024;

    private static readonly PeaksShape Shape = new(new HistogramShape(VpaDefaults.MemoryBuckets, TimeSpan.FromHours(24), 1e-4, 176), TimeSpan.FromHours(24), Math.Truncate);

    private static DailyPeaks Vpa() => new();

    [Fact]
    public void AddSample_HigherPeakSameWindow_ReplacesThePeak()
    {
        DailyPeaks peaks = Vpa();
        peaks.AddSample(Shape, 200 * MiB, Intervals.T0);
        peaks.AddSample(Shape, 250 * MiB, Intervals.T0.AddHours(3));
        peaks.AddSample(Shape, 220 * MiB, Intervals.T0.AddHours(4));

        // One window (T0 .. T0 + 24 h): one peak of weight 1, the highest, 250 MiB.
        Assert.Equal(1.0, peaks.TotalWeight, 12);
        Assert.Equal(250 * MiB, peaks.CurrentPeak);
    }

    [Fact]
    public void AddSample_NextDay_StartsANewWindowAndPeak()
    {
        DailyPeaks peaks = Vpa();
        peaks.AddSample(Shape, 200 * MiB, Intervals.T0);
        peaks.AddSample(Shape, 100 * MiB, Intervals.T0.AddHours(25));

        // Window ends move from T0 + 24 h to T0 + 48 h; the second peak is added at T0 + 48 h with
        // weight 2^((48 − 24)/24) = 2 relative to the first: total 3.
        Assert.Equal(3.0, peaks.TotalWeight, 12);
        Assert.Equal(100 * MiB, peaks.CurrentPeak);
    }

    [Fact]
    public void RecordOom_LargeContainer_UsesTheRatio()
    {
        DailyPeaks peaks = Vpa();
        peaks.AddSample(Shape, 1024 * MiB, Intervals.T0);

        peaks.RecordOom(Shape, Intervals.T0.AddMinutes(5), requestBytes: 0, minBumpBytes: 100 * MiB, bumpRatio: 1.2);

        // used 1 GiB: max(1024 + 100, trunc(1024·1.2)) MiB = 1228.8 MiB.
        Assert.Equal(Math.Truncate(1024 * MiB * 1.2), peaks.CurrentPeak);
    }

    [Fact]
    public void RecordOom_OlderThanTheLastWindow_IsIgnored()
    {
        DailyPeaks peaks = Vpa();
        peaks.AddSample(Shape, 200 * MiB, Intervals.T0.AddDays(3));

        Assert.False(peaks.RecordOom(Shape, Intervals.T0, 0, 100 * MiB, 1.2));
        Assert.Equal(200 * MiB, peaks.CurrentPeak);
    }
}
