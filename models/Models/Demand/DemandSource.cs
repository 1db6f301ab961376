using KernelTruth.Models.Estimation;

namespace KernelTruth.Models.Demand;

/// <summary>The demand distribution as an estimator's input.</summary>
// Holds a copy of the demand (a struct): made and read while one recommendation is built, when it is unchanged.
internal sealed class DemandSource(DemandModel demand) : IQuantileSource
{
    public double Quantile(double percentile) => demand.Quantile(percentile).Cores;
}
