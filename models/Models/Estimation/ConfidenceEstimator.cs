namespace KernelTruth.Models.Estimation;

/// <summary>
/// Scales by (1 + multiplier/d)^exponent where d is the history's confidence in days: bounds are wide
/// with little history and close in as it grows (VPA's confidence multiplier).
/// </summary>
/// <remarks>
/// Upper bound (multiplier 1, exponent +1): 12 h ⇒ 1 + 1/0.5 = ×3; 24 h ⇒ ×2; 1 week ⇒ 1 + 1/7 = ×1.14;
/// no history ⇒ ×∞ (clamped later). Lower bound (multiplier 0.001, exponent −2): 5 min = 0.00347 d ⇒
/// (1 + 0.288)^−2 = ×0.60; 30 min ⇒ (1 + 0.048)^−2 = ×0.91; 60 min ⇒ (1 + 0.024)^−2 = ×0.95;
/// no history ⇒ ×0.
/// </remarks>
internal sealed class ConfidenceEstimator(IEstimator inner, double multiplier, double exponent, Amounts amounts) : IEstimator
{
    public static double Multiplier(double multiplier, double exponent, double confidenceDays) =>
        Math.Pow(1.0 + (multiplier / confidenceDays), exponent);

    public double Estimate(IQuantileSource distribution, double confidenceDays)
    {
        double value = inner.Estimate(distribution, confidenceDays);
        double scaled = value * Multiplier(multiplier, exponent, confidenceDays);
        if (amounts == Amounts.Exact && (value == 0 || double.IsNaN(scaled)))
        {
            return 0;
        }

        return amounts.Apply(scaled);
    }
}
