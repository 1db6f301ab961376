using KernelTruth.Models.Histograms;

namespace KernelTruth.Models.Estimation;

/// <summary>
/// A histogram read as VPA reads it: the upper edge of the bucket where p·total is reached. It holds a copy of the
/// histogram's state (sharing its entries' array), made for one estimate while nothing is added.
/// </summary>
internal sealed class UpperEdgeSource<TEntry>(HistogramShape shape, DecayingWeights<TEntry> weights) : IQuantileSource
    where TEntry : struct, IWeightEntry<TEntry>
{
    public double Quantile(double percentile) => weights.Percentile(shape, percentile, PercentileMode.UpperEdge);
}
