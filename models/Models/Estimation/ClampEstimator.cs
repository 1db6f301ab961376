namespace KernelTruth.Models.Estimation;

/// <summary>
/// Keeps an estimate within [min, max] (a VPA container policy's minAllowed/maxAllowed); null means
/// no bound. Worked example: 3.2 cores with max 2 ⇒ 2. An infinite upper bound with no max stays ∞
/// for the caller to replace.
/// </summary>
internal sealed class ClampEstimator(IEstimator inner, double? min, double? max) : IEstimator
{
    public double Estimate(IQuantileSource distribution, double confidenceDays) => Clamp(inner.Estimate(distribution, confidenceDays), min, max);

    public static double Clamp(double value, double? min, double? max)
    {
        if (max is double hi && value > hi)
        {
            value = hi;
        }

        if (min is double lo && value < lo)
        {
            value = lo;
        }

        return value;
    }
}
