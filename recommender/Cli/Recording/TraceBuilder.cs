using KernelTruth.NodeSensor.Recording;
using KernelTruth.Simulations.Trace;

namespace KernelTruth.Cli.Recording;

/// <summary>
/// Turns one cgroup's period-timer records into a <see cref="CgroupTrace"/>.
/// </summary>
/// <remarks>
/// <para>Record j is the expiry at e_j; its usage covers the period ending there, period index
/// k_j = round((e_j − e_0) / period). Expiries are on the timer's grid, also after an idle stretch
/// (the kernel forwards the stopped timer by whole periods), so indices never drift.</para>
/// <para>The cfs_b counters in record j were read before expiry j was handled; so what expiry j
/// added (nr_throttled, throttled time) shows as the difference to record j+1. The last record's
/// period therefore has no verdict and is left out.</para>
/// <para>Missing indices are idle periods (the timer stopped: no usage), unless nr_periods went up by
/// more than one between two records: then expiries happened whose records never arrived (the ring
/// was full), and those periods are a gap. A negative usage (bandwidth reconfigured mid-period)
/// is a gap too.</para>
/// </remarks>
internal static class TraceBuilder
{
    public static CgroupTrace Build(string path, ulong cgroupId, IReadOnlyList<KernelPeriodRecord> records, int cpus, TraceSummary? summary)
    {
        if (records.Count < 2)
        {
            throw new InvalidOperationException($"{path}: {records.Count} period-timer expiries recorded; at least 2 are needed (was the cgroup busy, and is --duration longer than its period?)");
        }

        var ordered = records.OrderBy(r => r.ExpiresNs).ToList();
        long periodNs = ordered[0].PeriodNs;
        long first = ordered[0].ExpiresNs;
        var periods = new List<PeriodRecord>(ordered.Count);
        var gaps = new List<PeriodGap>();
        long lastIndex = -1;
        for (int j = 0; j + 1 < ordered.Count; j++)
        {
            var r = ordered[j];
            var next = ordered[j + 1];
            long index = (long)Math.Round((double)(r.ExpiresNs - first) / periodNs);
            long nextIndex = (long)Math.Round((double)(next.ExpiresNs - first) / periodNs);
            if (r.PeriodNs != periodNs)
            {
                throw new InvalidOperationException($"{path}: the CFS period changed from {periodNs / 1000} µs to {r.PeriodNs / 1000} µs while recording; record again with a fixed period");
            }

            if (r.UsedNs < 0)
            {
                gaps.Add(new PeriodGap(index, index + 1, "bandwidth reconfigured mid-period"));
            }
            else
            {
                bool throttled = next.NrThrottled > r.NrThrottled;
                long throttledUs = Math.Max(0, next.ThrottledTimeNs - r.ThrottledTimeNs) / 1000;
                // Parallelism and the runqueues throttled at the end are read at the same expiry as the usage.
                periods.Add(new PeriodRecord(index, r.UsedNs / 1000, throttled, throttledUs, r.QuotaNs / 1000, r.CpusUsed, Math.Min(r.MaxCpuUsedNs, r.UsedNs) / 1000, r.ThrottledCpus));
            }

            long expiriesBetween = next.NrPeriods - r.NrPeriods;
            if (expiriesBetween > 1 && nextIndex - index > 1)
            {
                gaps.Add(new PeriodGap(index + 1, nextIndex, "period records lost: the ring buffer was full"));
            }

            lastIndex = index;
        }

        long periodCount = lastIndex + 1;
        return new CgroupTrace
        {
            Path = path,
            Id = cgroupId,
            Source = TraceSources.PeriodTimer,
            PeriodUs = periodNs / 1000,
            PeriodCount = periodCount,
            QuotaUs = ordered[0].QuotaNs / 1000,
            BurstUs = ordered[0].BurstNs / 1000,
            Cpus = cpus,
            Periods = periods,
            Gaps = [.. gaps.Where(g => g.From < periodCount).Select(g => g with { To = Math.Min(g.To, periodCount) })],
            Summary = summary,
        };
    }
}
