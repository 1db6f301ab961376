namespace KernelTruth.Models.Estimation;

/// <summary>
/// The distribution's percentile, times <paramref name="scale"/> (1000 turns VPA's cores into
/// millicores as CPUAmountFromCores does). Worked example: p = 0.9 of ten samples 0.1..1.0 ⇒ 0.9.
/// </summary>
internal sealed class PercentileEstimator(double percentile, Amounts amounts, double scale = 1.0) : IEstimator
{
    public double Percentile => percentile;

    public double Estimate(IQuantileSource distribution, double confidenceDays) => amounts.Apply(distribution.Quantile(percentile) * scale);
}
