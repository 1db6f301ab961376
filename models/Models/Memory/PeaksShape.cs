using KernelTruth.Models.Histograms;

namespace KernelTruth.Models.Memory;

/// <summary>What all <see cref="DailyPeaks"/> of one kind share: histogram shape, window length, OOM-bump rounding.</summary>
internal sealed class PeaksShape(HistogramShape histogram, TimeSpan interval, Func<double, double> toAmount)
{
    public HistogramShape Histogram { get; } = histogram;

    /// <summary>One peak per window this long (VPA's memory aggregation interval).</summary>
    public TimeSpan Interval { get; } = interval;

    /// <summary>Rounding of the OOM bump: identity for ours, truncation to whole bytes for VPA.</summary>
    public Func<double, double> ToAmount { get; } = toAmount;
}
