namespace KernelTruth.Reports.Model;

/// <summary>List prices of one node pool, in dollars (or any one currency) per hour.</summary>
public sealed record PoolPrice(double CpuCoreHour, double MemoryGibHour);
