using KernelTruth.Contracts.Snapshot;
using KernelTruth.NodeSensor.Prometheus;
using KernelTruth.NodeSensor.Sampling;

namespace KernelTruth.NodeSensor.Hosting;

/// <summary>
/// The latest snapshot as Prometheus families, one series per cgroup. The wait histograms are
/// already aggregated in the kernel, which System.Diagnostics.Metrics cannot express, hence a
/// family source rather than instruments.
/// </summary>
internal sealed class SnapshotMetricFamilies(SensorRuntime runtime) : IMetricFamilySource
{
    private static readonly double[] WaitBoundsSeconds =
        [.. Enumerable.Range(0, WaitBuckets.Slots - 1).Select(WaitBuckets.UpperBoundSeconds)];

    public IEnumerable<MetricFamily> Collect()
    {
        var snapshot = runtime.Latest;
        if (snapshot is null)
        {
            return [];
        }

        var cgroups = snapshot.Cgroups.Select(c => (Cgroup: c, Labels: Labels(c))).ToList();
        return
        [
            MetricFamily.Counter("ktruth_cgroup_cpu_on_cpu_seconds_total", "On-CPU time measured from sched_switch.",
                cgroups.Select(c => new MetricSample(c.Labels, c.Cgroup.Sched.OnCpuNs / 1e9))),
            MetricFamily.Counter("ktruth_cgroup_context_switches_total", "Context switches: voluntary (blocked) or involuntary (preempted, throttled).",
                cgroups.SelectMany(c => new[]
                {
                    new MetricSample(SwitchLabels(c.Cgroup, "voluntary"), c.Cgroup.Sched.VoluntarySwitches),
                    new MetricSample(SwitchLabels(c.Cgroup, "involuntary"), c.Cgroup.Sched.InvoluntarySwitches),
                })),
            MetricFamily.Counter("ktruth_cgroup_throttle_events_total", "Tasks switched out because their cgroup was CFS-throttled.",
                cgroups.Select(c => new MetricSample(c.Labels, c.Cgroup.Sched.ThrottleEvents))),
            MetricFamily.Histogram("ktruth_cgroup_contention_wait_seconds", "Runnable but waiting for a busy CPU (throttled time excluded).",
                cgroups.Select(c => WaitSample(c.Labels, c.Cgroup.Sched.ContentionWait))),
            MetricFamily.Histogram("ktruth_cgroup_throttle_wait_seconds", "From a throttled switch-out to the next switch-in: the price of the CPU limit.",
                cgroups.Select(c => WaitSample(c.Labels, c.Cgroup.Sched.ThrottleWait))),
            MetricFamily.Counter("ktruth_cgroup_cpu_periods_total", "CFS bandwidth periods (kernel cpu.stat nr_periods).",
                cgroups.Where(c => c.Cgroup.CpuStat is not null).Select(c => new MetricSample(c.Labels, c.Cgroup.CpuStat!.NrPeriods))),
            MetricFamily.Counter("ktruth_cgroup_cpu_throttled_periods_total", "Periods in which the cgroup was throttled (kernel cpu.stat nr_throttled).",
                cgroups.Where(c => c.Cgroup.CpuStat is not null).Select(c => new MetricSample(c.Labels, c.Cgroup.CpuStat!.NrThrottled))),
            MetricFamily.Counter("ktruth_cgroup_cpu_throttled_seconds_total", "Throttled time summed over CPUs (kernel cpu.stat).",
                cgroups.Where(c => c.Cgroup.CpuStat is not null).Select(c => new MetricSample(c.Labels, c.Cgroup.CpuStat!.ThrottledNs / 1e9))),
            MetricFamily.Gauge("ktruth_cgroup_cpu_limit_cores", "Enforced CPU limit (quota / period); absent when unlimited.",
                cgroups.Where(c => c.Cgroup.Limit is not null).Select(c => new MetricSample(c.Labels, c.Cgroup.Limit!.Cpus))),
            MetricFamily.Gauge("ktruth_cgroup_memory_bytes", "Memory charged to the cgroup now.",
                cgroups.Where(c => c.Cgroup.Memory is not null).Select(c => new MetricSample(c.Labels, c.Cgroup.Memory!.CurrentBytes))),
            MetricFamily.Counter("ktruth_cgroup_oom_kills_total", "Tasks of the cgroup chosen as OOM victims.",
                cgroups.Where(c => c.Cgroup.Memory is not null).Select(c => new MetricSample(c.Labels, c.Cgroup.Memory!.OomKills))),
            MetricFamily.Counter("ktruth_sensor_bpf_errors_total", "Events the BPF programs could not record, by reason (map full, lost windows).",
                (snapshot.Sensor?.Errors ?? new Dictionary<string, ulong>())
                    .Where(e => e.Key.StartsWith("bpf_", StringComparison.Ordinal))
                    .Select(e => new MetricSample(LabelSet.Of(("error", e.Key["bpf_".Length..])), e.Value))),
            MetricFamily.Gauge("ktruth_sensor_program_unavailable", "1 for each optional BPF object that did not load (the sensor runs degraded; the log says why).",
                (snapshot.Sensor?.Errors ?? new Dictionary<string, ulong>())
                    .Where(e => e.Key.StartsWith("program_unavailable_", StringComparison.Ordinal))
                    .Select(e => new MetricSample(LabelSet.Of(("object", e.Key["program_unavailable_".Length..])), 1))),
        ];
    }

    private static LabelSet Labels(CgroupSnapshot c) =>
        LabelSet.Of(("cgroup", c.Path), ("pod_uid", c.Identity.PodUid ?? ""), ("container_id", c.Identity.ContainerId ?? ""));

    private static LabelSet SwitchLabels(CgroupSnapshot c, string kind) =>
        LabelSet.Of(("cgroup", c.Path), ("pod_uid", c.Identity.PodUid ?? ""), ("container_id", c.Identity.ContainerId ?? ""), ("kind", kind));

    private static HistogramSample WaitSample(LabelSet labels, WaitHistogram h) =>
        new(labels, WaitBoundsSeconds, h.Log2UsBuckets, h.SumNs / 1e9);
}
