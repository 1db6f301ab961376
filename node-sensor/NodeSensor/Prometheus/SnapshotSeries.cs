using KernelTruth.Contracts.Snapshot;
using KernelTruth.NodeSensor.Pods;
using Prometheus;

namespace KernelTruth.NodeSensor.Prometheus;

/// <summary>
/// A snapshot's per-cgroup counters and gauges as prometheus-net series. The kernel's numbers are
/// cumulative already, so <see cref="Sync"/> sets each series to the snapshot's value (it never adds)
/// and removes the series of every cgroup the snapshot no longer has: nothing stale outlives a cgroup.
/// The wait histograms are not here: prometheus-net cannot take them (<see cref="WaitHistogramText"/>).
/// Every per-cgroup series carries the cgroup's path, pod UID and container id, and, when a <see cref="IPodLabeler"/>
/// knows them, its namespace, pod and container names as cAdvisor does (empty, which Prometheus reads as absent,
/// otherwise). A cgroup whose names become known starts new series with them; the unlabelled ones are removed.
/// </summary>
public sealed class SnapshotSeries
{
    /// <summary>The label names of every per-cgroup series, in order.</summary>
    public static readonly string[] CgroupLabels = ["cgroup", "pod_uid", "container_id", "namespace", "pod", "container"];

    private readonly Lock _lock = new();
    private readonly Counter _onCpu, _switches, _throttleEvents, _periods, _throttledPeriods, _throttledSeconds, _oomKills, _bpfErrors;
    private readonly Gauge _limit, _memory, _programUnavailable;
    private readonly Func<IPodLabeler?> _pods;
    private NodeSnapshot? _synced;
    private Dictionary<string, string[]> _syncedLabels = new(StringComparer.Ordinal);

    /// <param name="pods">Who names the cgroups' pods, read at each sync (null: nobody, the names stay empty).</param>
    public SnapshotSeries(IMetricFactory metrics, Func<IPodLabeler?> pods)
    {
        _pods = pods;
        _onCpu = metrics.CreateCounter("ktruth_cgroup_cpu_on_cpu_seconds_total", "On-CPU time measured from sched_switch.", CgroupLabels);
        _switches = metrics.CreateCounter("ktruth_cgroup_context_switches_total", "Context switches: voluntary (blocked) or involuntary (preempted, throttled).", [.. CgroupLabels, "kind"]);
        _throttleEvents = metrics.CreateCounter("ktruth_cgroup_throttle_events_total", "Tasks switched out because their cgroup was CFS-throttled.", CgroupLabels);
        _periods = metrics.CreateCounter("ktruth_cgroup_cpu_periods_total", "CFS bandwidth periods (kernel cpu.stat nr_periods).", CgroupLabels);
        _throttledPeriods = metrics.CreateCounter("ktruth_cgroup_cpu_throttled_periods_total", "Periods in which the cgroup was throttled (kernel cpu.stat nr_throttled).", CgroupLabels);
        _throttledSeconds = metrics.CreateCounter("ktruth_cgroup_cpu_throttled_seconds_total", "Throttled time summed over CPUs (kernel cpu.stat).", CgroupLabels);
        _limit = metrics.CreateGauge("ktruth_cgroup_cpu_limit_cores", "Enforced CPU limit (quota / period); absent when unlimited.", CgroupLabels);
        _memory = metrics.CreateGauge("ktruth_cgroup_memory_bytes", "Memory charged to the cgroup now.", CgroupLabels);
        _oomKills = metrics.CreateCounter("ktruth_cgroup_oom_kills_total", "Tasks of the cgroup chosen as OOM victims.", CgroupLabels);
        _bpfErrors = metrics.CreateCounter("ktruth_sensor_bpf_errors_total", "Events the BPF programs could not record, by reason (map full, lost windows).", ["error"]);
        _programUnavailable = metrics.CreateGauge("ktruth_sensor_program_unavailable", "1 for each optional BPF object that did not load (the sensor runs degraded; the log says why).", ["object"]);
    }

    /// <summary>The snapshot the series show; the wait histograms of a scrape are written from the same one.</summary>
    public NodeSnapshot? Synced
    {
        get
        {
            lock (_lock)
            {
                return _synced;
            }
        }
    }

    /// <summary>
    /// Makes the series show <paramref name="snapshot"/>; null (no snapshot read yet) leaves them empty. The same
    /// snapshot is synced again only when a cgroup's names changed (its pod became known).
    /// </summary>
    public void Sync(NodeSnapshot? snapshot)
    {
        lock (_lock)
        {
            if (snapshot is null)
            {
                return;
            }

            var pods = _pods();
            var labels = snapshot.Cgroups.ToDictionary(c => c.Path, c => LabelsOf(c, pods), StringComparer.Ordinal);
            if (ReferenceEquals(snapshot, _synced) && SameLabels(labels, _syncedLabels))
            {
                return;
            }

            var cgroups = snapshot.Cgroups;
            string[] Labels(CgroupSnapshot c) => labels[c.Path];
            string[] Kind(CgroupSnapshot c, string kind) => [.. labels[c.Path], kind];
            SetCounters(_onCpu, cgroups.Select(c => (Labels(c), c.Sched.OnCpuNs / 1e9)));
            SetCounters(_switches, cgroups.SelectMany(c => new[]
            {
                (Kind(c, "voluntary"), (double)c.Sched.VoluntarySwitches),
                (Kind(c, "involuntary"), (double)c.Sched.InvoluntarySwitches),
            }));
            SetCounters(_throttleEvents, cgroups.Select(c => (Labels(c), (double)c.Sched.ThrottleEvents)));
            var withCpuStat = cgroups.Where(c => c.CpuStat is not null).ToList();
            SetCounters(_periods, withCpuStat.Select(c => (Labels(c), (double)c.CpuStat!.NrPeriods)));
            SetCounters(_throttledPeriods, withCpuStat.Select(c => (Labels(c), (double)c.CpuStat!.NrThrottled)));
            SetCounters(_throttledSeconds, withCpuStat.Select(c => (Labels(c), c.CpuStat!.ThrottledNs / 1e9)));
            SetGauges(_limit, cgroups.Where(c => c.Limit is not null).Select(c => (Labels(c), c.Limit!.Cpus)));
            var withMemory = cgroups.Where(c => c.Memory is not null).ToList();
            SetGauges(_memory, withMemory.Select(c => (Labels(c), (double)c.Memory!.CurrentBytes)));
            SetCounters(_oomKills, withMemory.Select(c => (Labels(c), (double)c.Memory!.OomKills)));

            var errors = snapshot.Sensor?.Errors ?? new Dictionary<string, ulong>();
            SetCounters(_bpfErrors, errors
                .Where(e => e.Key.StartsWith("bpf_", StringComparison.Ordinal))
                .Select(e => (new[] { e.Key["bpf_".Length..] }, (double)e.Value)));
            SetGauges(_programUnavailable, errors
                .Where(e => e.Key.StartsWith("program_unavailable_", StringComparison.Ordinal))
                .Select(e => (new[] { e.Key["program_unavailable_".Length..] }, 1.0)));
            _synced = snapshot;
            _syncedLabels = labels;
        }
    }

    /// <summary>The label values of <paramref name="cgroup"/>'s series in the synced snapshot, in <see cref="CgroupLabels"/> order.</summary>
    public string[] LabelsOf(CgroupSnapshot cgroup)
    {
        lock (_lock)
        {
            return _syncedLabels.TryGetValue(cgroup.Path, out var labels) ? labels : LabelsOf(cgroup, _pods());
        }
    }

    private static string[] LabelsOf(CgroupSnapshot c, IPodLabeler? pods)
    {
        var names = pods?.Label(c.Identity);
        return [c.Path, c.Identity.PodUid ?? "", c.Identity.ContainerId ?? "", names?.Namespace ?? "", names?.Pod ?? "", names?.Container ?? ""];
    }

    private static bool SameLabels(Dictionary<string, string[]> a, Dictionary<string, string[]> b) =>
        a.Count == b.Count && a.All(e => b.TryGetValue(e.Key, out var other) && e.Value.AsSpan().SequenceEqual(other));

    private static void SetCounters(Counter counter, IEnumerable<(string[] Labels, double Value)> series)
    {
        var wanted = RemoveAllBut(counter, series);
        foreach (var (labels, value) in wanted)
        {
            var child = counter.WithLabels(labels);
            if (value < child.Value)
            {
                // The sensor forgot and re-tracked the cgroup (a new trackedSince): its kernel count
                // started again, and so does the series; Prometheus reads the drop as a counter reset.
                counter.RemoveLabelled(labels);
                child = counter.WithLabels(labels);
            }

            child.IncTo(value);
        }
    }

    private static void SetGauges(Gauge gauge, IEnumerable<(string[] Labels, double Value)> series)
    {
        foreach (var (labels, value) in RemoveAllBut(gauge, series))
        {
            gauge.WithLabels(labels).Set(value);
        }
    }

    /// <summary>Removes every series of <paramref name="collector"/> not in <paramref name="series"/>; returns those.</summary>
    private static List<(string[] Labels, double Value)> RemoveAllBut<TChild>(Collector<TChild> collector, IEnumerable<(string[] Labels, double Value)> series)
        where TChild : ChildBase
    {
        var wanted = series.ToList();
        var keep = wanted.Select(s => Key(s.Labels)).ToHashSet(StringComparer.Ordinal);
        foreach (string[] labels in collector.GetAllLabelValues().ToList())
        {
            if (!keep.Contains(Key(labels)))
            {
                collector.RemoveLabelled(labels);
            }
        }

        return wanted;
    }

    // Cgroup paths, pod uids, container ids and error names never contain NUL, so it separates them unambiguously.
    private static string Key(string[] labels) => string.Join('\0', labels);
}
