namespace KernelTruth.Models.Estimation;

/// <summary>A distribution an estimator reads percentiles from (demand, VPA's usage histogram, memory peaks).</summary>
internal interface IQuantileSource
{
    double Quantile(double percentile);
}
