namespace KernelTruth.Models.Estimation;

/// <summary>
/// One estimate from a distribution and the history's confidence (in days, see
/// <see cref="HistoryConfidence"/>). Estimators compose by decoration: percentile, then margin,
/// then confidence, then minimum or clamp.
/// </summary>
internal interface IEstimator
{
    double Estimate(IQuantileSource distribution, double confidenceDays);
}
