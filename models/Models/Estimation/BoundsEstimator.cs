namespace KernelTruth.Models.Estimation;

/// <summary>
/// Target, lower and upper bound from one distribution, composed as VPA composes them:
/// target = P_t·(1 + m), lower = P_l·(1 + m)·(1 + 0.001/d)^−2, upper = P_u·(1 + m)·(1 + 1/d),
/// each then at least the minimum. Worked example (VPA CPU defaults, 1 day of history, P50 = P90 =
/// P95 = 0.1103): target trunc(110.3) = 110 + trunc(16.5) = 126 m; upper trunc(126·2) = 252 m.
/// </summary>
internal sealed class BoundsEstimator
{
    public BoundsEstimator(double targetPercentile, double lowerPercentile, double upperPercentile, double margin, double minimum, Amounts amounts, double scale = 1.0)
    {
        Target = new MinimumEstimator(new MarginEstimator(new PercentileEstimator(targetPercentile, amounts, scale), margin, amounts), minimum);
        Lower = new MinimumEstimator(new ConfidenceEstimator(new MarginEstimator(new PercentileEstimator(lowerPercentile, amounts, scale), margin, amounts), 0.001, -2.0, amounts), minimum);
        Upper = new MinimumEstimator(new ConfidenceEstimator(new MarginEstimator(new PercentileEstimator(upperPercentile, amounts, scale), margin, amounts), 1.0, 1.0, amounts), minimum);
    }

    public IEstimator Target { get; }

    public IEstimator Lower { get; }

    public IEstimator Upper { get; }

    public (double Target, double Lower, double Upper) Estimate(IQuantileSource distribution, double confidenceDays) =>
        (Target.Estimate(distribution, confidenceDays), Lower.Estimate(distribution, confidenceDays), Upper.Estimate(distribution, confidenceDays));
}
