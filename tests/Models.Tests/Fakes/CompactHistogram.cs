using KernelTruth.Models.Histograms;

namespace KernelTruth.Models.Tests.Fakes;

/// <summary>
/// A decaying histogram with float weights (<see cref="CompactWeight"/>): 8 bytes a bucket instead of 12, for
/// the per-minute demand and the wait histograms, whose percentiles are read on a millicore grid or inside a log2
/// slot; totals and cumulative sums stay in double.
/// </summary>
internal sealed class CompactHistogram : DecayingHistogram<CompactWeight>
{
    public CompactHistogram(HistogramShape shape)
        : base(shape)
    {
    }

    public CompactHistogram(IBucketScheme scheme, TimeSpan halfLife, double epsilon, int maxEntries)
        : this(new HistogramShape(scheme, halfLife, epsilon, maxEntries))
    {
    }
}
