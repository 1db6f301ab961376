using KernelTruth.Models.Histograms;

namespace KernelTruth.Models.Estimation;

/// <summary>A histogram read as VPA reads it: the upper edge of the bucket where p·total is reached.</summary>
internal sealed class UpperEdgeSource<TEntry>(DecayingHistogram<TEntry> histogram) : IQuantileSource
    where TEntry : struct, IWeightEntry<TEntry>
{
    public double Quantile(double percentile) => histogram.Percentile(percentile, PercentileMode.UpperEdge);
}
