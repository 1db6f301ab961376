namespace KernelTruth.NodeSensor.KernelFiles;

/// <summary>
/// The kernel's own CPU counters for one cgroup, cumulative, in nanoseconds on both cgroup versions
/// (v2 reports µs; converted here so consumers see one unit).
/// </summary>
/// <param name="UsageNs">CPU time used; null when unknown (v1 without a cpuacct hierarchy).</param>
/// <param name="NrPeriods">Enforcement periods in which the group was active; the period timer stops when
/// the group is idle, so this is not elapsed time / period.</param>
/// <param name="NrThrottled">Periods in which the group was throttled (periods, not events or tasks).</param>
/// <param name="ThrottledNs">Throttled time summed over CPUs, counted at unthrottle.</param>
/// <param name="NrBursts">Periods in which burst was used (0 on kernels without burst statistics).</param>
/// <param name="BurstNs">Time spent running on burst.</param>
public sealed record CpuStat(
    ulong? UsageNs,
    ulong NrPeriods,
    ulong NrThrottled,
    ulong ThrottledNs,
    ulong NrBursts,
    ulong BurstNs);
