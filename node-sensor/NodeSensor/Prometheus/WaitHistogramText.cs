using System.Globalization;
using System.Text;
using KernelTruth.Contracts.Snapshot;
using KernelTruth.NodeSensor.Sampling;

namespace KernelTruth.NodeSensor.Prometheus;

/// <summary>
/// The kernel's per-cgroup log2 wait histograms as two Prometheus histogram families in text format
/// 0.0.4, written after prometheus-net's exposition. prometheus-net cannot take them: its Histogram
/// only observes values one by one (<c>Observe(value, count)</c> would put every wait of a slot at one
/// made-up value and turn the kernel's exact sum into a guess), and since 3.0 its collector types are
/// sealed, with no public way to add another. So these families, and only these, are written here.
/// </summary>
/// <remarks>
/// Slot i of <see cref="WaitHistogram.Log2UsBuckets"/> counts waits in [2^i, 2^(i+1)) µs and becomes
/// the bucket le = 2^(i+1) µs; Prometheus buckets are cumulative, so slots [3, 0, 4] are written as
/// le="2e-06" 3, le="4e-06" 3, le="8e-06" 7. The last slot (67 s and up) only counts toward +Inf.
/// <see cref="WaitBucketLayout.Coarse"/> writes only the edges of slots 9, 12 and 15 (1.024, 8.192, 65.536 ms),
/// each with the same cumulative count it has in the full layout: switching layouts adds or removes buckets, it
/// never changes one.
/// </remarks>
internal static class WaitHistogramText
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>The slots whose upper edges <see cref="WaitBucketLayout.Coarse"/> writes: 2^10, 2^13 and 2^16 µs.</summary>
    internal static readonly int[] CoarseSlots = [9, 12, 15];

    // The finite upper bounds, formatted once: 2e-06, 4e-06, …, 67.108864 seconds.
    private static readonly string[] UpperBounds =
        [.. Enumerable.Range(0, WaitBuckets.Slots - 1).Select(slot => FormatValue(WaitBuckets.UpperBoundSeconds(slot)))];

    public static Task WriteAsync(Stream body, SnapshotSeries series, WaitBucketLayout layout, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        var cgroups = series.Synced?.Cgroups ?? [];
        bool full = layout == WaitBucketLayout.Full;
        Family(text, "ktruth_cgroup_contention_wait_seconds", "Runnable but waiting for a busy CPU (throttled time excluded).",
            cgroups, series, full, c => c.Sched.ContentionWait);
        Family(text, "ktruth_cgroup_throttle_wait_seconds", "From a throttled switch-out to the next switch-in: the price of the CPU limit.",
            cgroups, series, full, c => c.Sched.ThrottleWait);
        return body.WriteAsync(Utf8.GetBytes(text.ToString()), cancellationToken).AsTask();
    }

    private static void Family(StringBuilder text, string name, string help, IReadOnlyList<CgroupSnapshot> cgroups, SnapshotSeries series, bool full, Func<CgroupSnapshot, WaitHistogram> histogram)
    {
        text.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} histogram\n");
        foreach (var cgroup in cgroups)
        {
            var labels = Labels(series.LabelsOf(cgroup));
            var slots = histogram(cgroup).Log2UsBuckets;
            ulong cumulative = 0;
            for (int i = 0; i < UpperBounds.Length; i++)
            {
                cumulative += i < slots.Count ? slots[i] : 0;
                if (full || CoarseSlots.Contains(i))
                {
                    text.Append(CultureInfo.InvariantCulture, $"{name}_bucket{{{labels},le=\"{UpperBounds[i]}\"}} {cumulative}\n");
                }
            }

            // +Inf and _count are every slot's count, the open last slot included.
            ulong total = 0;
            foreach (ulong n in slots)
            {
                total += n;
            }

            text.Append(CultureInfo.InvariantCulture, $"{name}_bucket{{{labels},le=\"+Inf\"}} {total}\n");
            text.Append(CultureInfo.InvariantCulture, $"{name}_sum{{{labels}}} {FormatValue(histogram(cgroup).SumNs / 1e9)}\n");
            text.Append(CultureInfo.InvariantCulture, $"{name}_count{{{labels}}} {total}\n");
        }
    }

    /// <summary>The per-cgroup labels (<see cref="SnapshotSeries.CgroupLabels"/>), values escaped: backslash, double quote and newline.</summary>
    private static string Labels(string[] values) =>
        string.Join(',', SnapshotSeries.CgroupLabels.Select((name, i) => $"{name}=\"{Escape(values[i])}\""));

    private static string Escape(string value) => value.Replace("\\", @"\\", StringComparison.Ordinal)
        .Replace("\"", "\\\"", StringComparison.Ordinal)
        .Replace("\n", @"\n", StringComparison.Ordinal);

    /// <summary>
    /// As Go formats a float for Prometheus: the shortest form that reads back exactly, a lowercase
    /// exponent below 1e-4 ("2e-06", "0.000128", "1.048576"). le values must stay byte-identical
    /// across releases: Prometheus 2 keeps le="2e-06" and le="2E-06" as two different series.
    /// </summary>
    private static string FormatValue(double value) =>
        value.ToString("R", CultureInfo.InvariantCulture).Replace('E', 'e');
}
