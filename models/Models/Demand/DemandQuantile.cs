namespace KernelTruth.Models.Demand;

/// <summary>A quantile of per-period CPU demand in cores, and what it rests on.</summary>
public readonly record struct DemandQuantile(double Cores, QuantileBasis Basis);
