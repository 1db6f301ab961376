namespace KernelTruth.Reports.Model;

/// <summary>
/// What a container's requests cost a month:
/// <c>pods × (cores × cpu price + GiB × memory price) × hours per month</c>, with GiB = bytes / 2³⁰.
/// Requests are what the scheduler reserves on a node, so they are what right-sizing changes. A
/// container with no request set is priced at what it uses (CPU usage average, memory peak), as
/// OpenCost charges max(request, usage).
/// Worked example at the default prices: 0.5 core × $0.031611 × 730 h = $11.538/month; 512 MiB =
/// 0.5 GiB × $0.004237 × 730 = $1.547; together $13.085 per pod, × 3 pods = $39.254.
/// </summary>
public static class MonthlyCost
{
    public const double BytesPerGib = 1024.0 * 1024 * 1024;

    public static double Of(double cores, double memoryBytes, int pods, PoolPrice price, double hoursPerMonth) =>
        Math.Max(pods, 1) * ((cores * price.CpuCoreHour) + (memoryBytes / BytesPerGib * price.MemoryGibHour)) * hoursPerMonth;

    /// <summary>Today's requests, or the measured use where no request is set.</summary>
    public static double Current(WorkloadFacts w, PoolPrice price, double hoursPerMonth) => Of(
        w.Current.CpuRequestCores ?? w.UsageAverageCores ?? 0,
        w.Current.MemoryRequestBytes ?? w.MemoryPeakBytes ?? 0,
        w.Pods,
        price,
        hoursPerMonth);

    /// <summary>The recommended requests; a figure the recommendation leaves out keeps today's.</summary>
    public static double Recommended(WorkloadFacts w, PoolPrice price, double hoursPerMonth) => Of(
        w.Recommended.CpuRequestCores ?? w.Current.CpuRequestCores ?? w.UsageAverageCores ?? 0,
        w.Recommended.MemoryRequestBytes ?? w.Current.MemoryRequestBytes ?? w.MemoryPeakBytes ?? 0,
        w.Pods,
        price,
        hoursPerMonth);
}
