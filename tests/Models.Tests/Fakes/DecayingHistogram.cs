using KernelTruth.Models.Histograms;

namespace KernelTruth.Models.Tests.Fakes;

/// <summary>
/// A decaying histogram with double weights: VPA's float64 arithmetic bit for bit, so the VPA baseline and the
/// memory peaks answer exactly as VPA would.
/// </summary>
internal sealed class DecayingHistogram : DecayingHistogram<ExactWeight>
{
    public DecayingHistogram(HistogramShape shape)
        : base(shape)
    {
    }

    public DecayingHistogram(IBucketScheme scheme, TimeSpan halfLife, double epsilon, int maxEntries)
        : this(new HistogramShape(scheme, halfLife, epsilon, maxEntries))
    {
    }
}
