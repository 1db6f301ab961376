using KernelTruth.Models.Histograms;

namespace KernelTruth.Models.Estimation;

/// <summary>A histogram read as VPA reads it: the upper edge of the bucket where p·total is reached.</summary>
internal sealed class UpperEdgeSource(DecayingHistogram histogram) : IQuantileSource
{
    public double Quantile(double percentile) => histogram.Percentile(percentile, PercentileMode.UpperEdge);
}
