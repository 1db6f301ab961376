using KernelTruth.Contracts.Snapshot;
using KernelTruth.NodeSensor.Bpf.Programs;
using KernelTruth.NodeSensor.KernelFiles;

namespace KernelTruth.NodeSensor.Sampling;

/// <summary>
/// Picks a cgroup's per-period usage: the kernel's charge per CFS period when the cgroup has a
/// quota and the period timer is traced, otherwise fixed windows of the period's length.
/// </summary>
internal static class PeriodUsageBuilder
{
    public static PeriodUsage Build(CpuLimit? limit, CfsPeriodStatsNative period, bool hasPeriod, UsageHistogram windows, ulong windowNs)
    {
        if (limit is not null && hasPeriod && period.Usage.Count > 0)
        {
            ReadOnlySpan<ulong> slots = period.Usage.Slots;
            return Make(PeriodUsageSources.PeriodTimer, period.PeriodNs, UsageHistogram.FromKernel(period.Usage.Count, period.Usage.SumNs, slots), period.OverQuotaPeriods);
        }

        return Make(PeriodUsageSources.Window, windowNs, windows, null);
    }

    private static PeriodUsage Make(string source, ulong periodNs, UsageHistogram h, ulong? overQuota)
    {
        int last = -1;
        for (int i = 0; i < h.Slots.Count; i++)
        {
            if (h.Slots[i] != 0)
            {
                last = i;
            }
        }

        var buckets = new ulong[last + 1];
        var bounds = new ulong[last + 1];
        for (int i = 0; i <= last; i++)
        {
            buckets[i] = h.Slots[i];
            bounds[i] = UsageBuckets.UpperBoundNs(i);
        }

        return new PeriodUsage
        {
            Source = source,
            PeriodNs = periodNs,
            Count = h.Count,
            SumNs = h.SumNs,
            Buckets = buckets,
            BucketBoundsNs = bounds,
            OverQuotaPeriods = overQuota,
        };
    }
}
