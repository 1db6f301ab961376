namespace KernelTruth.Reports.Model;

/// <summary>CPU in cores and memory in bytes for one container; null = not set (no request, no limit).</summary>
public sealed record ResourceAmounts(double? CpuRequestCores, double? CpuLimitCores, long? MemoryRequestBytes, long? MemoryLimitBytes)
{
    public static readonly ResourceAmounts None = new(null, null, null, null);
}
