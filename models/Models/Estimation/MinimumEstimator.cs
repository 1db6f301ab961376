namespace KernelTruth.Models.Estimation;

/// <summary>At least <paramref name="minimum"/>: VPA's pod minimum (25 m, 250 MiB per pod, split over containers).</summary>
internal sealed class MinimumEstimator(IEstimator inner, double minimum) : IEstimator
{
    public double Estimate(IQuantileSource distribution, double confidenceDays) => Math.Max(inner.Estimate(distribution, confidenceDays), minimum);
}
