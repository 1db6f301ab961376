using KernelTruth.Models.Estimation;

namespace KernelTruth.Models.Demand;

/// <summary>The demand distribution as an estimator's input.</summary>
internal sealed class DemandSource(DemandModel demand) : IQuantileSource
{
    public double Quantile(double percentile) => demand.Quantile(percentile).Cores;
}
