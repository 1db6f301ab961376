namespace KernelTruth.Reports.Model;

/// <summary>
/// OpenCost's published default list prices (its default pricing configuration, used when no cloud
/// price list is available): $0.031611 per vCPU-hour, $0.004237 per GiB-hour of RAM, and a month of
/// 730 hours (8 760 h a year / 12).
/// </summary>
public static class PriceDefaults
{
    public const double CpuCoreHour = 0.031611;

    public const double MemoryGibHour = 0.004237;

    public const double HoursPerMonth = 730;

    /// <summary>The WorkloadProfile label naming the node pool whose prices apply.</summary>
    public const string PoolLabel = "ktruth.io/node-pool";
}
