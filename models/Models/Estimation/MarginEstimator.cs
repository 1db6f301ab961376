namespace KernelTruth.Models.Estimation;

/// <summary>
/// Adds a safety margin: base + base·fraction. Worked example: fraction 0.15 on 0.4 core ⇒ 0.46.
/// </summary>
internal sealed class MarginEstimator(IEstimator inner, double fraction, Amounts amounts) : IEstimator
{
    public double Estimate(IQuantileSource distribution, double confidenceDays)
    {
        double value = inner.Estimate(distribution, confidenceDays);
        return value + amounts.Apply(value * fraction);
    }
}
