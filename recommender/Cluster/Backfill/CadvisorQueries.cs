namespace KernelTruth.Cluster.Backfill;

/// <summary>
/// The PromQL for cAdvisor's per-container series (what the kubelet exposes at /metrics/cadvisor), one query per
/// signal, each a value per query step for the step before it, summed per namespace/pod/container (cAdvisor may repeat a
/// container under several <c>id</c>/<c>image</c> labels across restarts; container="" is the pod's cgroup, "POD" the
/// sandbox). Counters go through increase(), which handles their resets at container restarts.
/// </summary>
public static class CadvisorQueries
{
    public const string CpuUsage = "container_cpu_usage_seconds_total";
    public const string CfsPeriods = "container_cpu_cfs_periods_total";
    public const string CfsThrottledPeriods = "container_cpu_cfs_throttled_periods_total";
    public const string WorkingSet = "container_memory_working_set_bytes";
    public const string OomEvents = "container_oom_events_total";

    /// <summary>The kubelet's PSI series (Kubernetes 1.34+ with the KubeletPSI feature); absent elsewhere, then skipped.</summary>
    public const string CpuWaiting = "container_pressure_cpu_waiting_seconds_total";

    /// <summary>What each query asks, by signal.</summary>
    public enum Signal
    {
        /// <summary>CPU-seconds used in the step.</summary>
        CpuSeconds,

        /// <summary>CFS periods in the step (only for a container with a CPU limit).</summary>
        Periods,

        ThrottledPeriods,

        /// <summary>The highest working set in the step, bytes.</summary>
        MemoryPeak,

        OomEvents,

        /// <summary>Seconds some task waited for CPU in the step (PSI "some", which includes throttled time).</summary>
        CpuWaitingSeconds,
    }

    public static IReadOnlyList<Signal> All { get; } = Enum.GetValues<Signal>();

    /// <summary>The query for one signal over pods of one namespace matching <paramref name="podPattern"/>.</summary>
    public static string For(Signal signal, string ns, string podPattern, TimeSpan step)
    {
        string selector = $"{{namespace=\"{ns}\",pod=~\"{podPattern.Replace("\\", "\\\\", StringComparison.Ordinal)}\",container!=\"\",container!=\"POD\"}}";
        string range = $"[{(long)step.TotalSeconds}s]";
        const string By = "by (namespace, pod, container)";
        return signal switch
        {
            Signal.CpuSeconds => $"sum {By} (increase({CpuUsage}{selector}{range}))",
            Signal.Periods => $"sum {By} (increase({CfsPeriods}{selector}{range}))",
            Signal.ThrottledPeriods => $"sum {By} (increase({CfsThrottledPeriods}{selector}{range}))",
            Signal.MemoryPeak => $"max {By} (max_over_time({WorkingSet}{selector}{range}))",
            Signal.OomEvents => $"sum {By} (increase({OomEvents}{selector}{range}))",
            Signal.CpuWaitingSeconds => $"sum {By} (increase({CpuWaiting}{selector}{range}))",
            _ => throw new ArgumentOutOfRangeException(nameof(signal)),
        };
    }
}
