namespace KernelTruth.NodeSensor.Recording;

/// <summary>
/// One CFS period-timer expiry of a recorded cgroup, as the kernel saw it (bpf/cfs_period.h,
/// struct period_record). The cfs_b counters are read before the expiry is handled, so they
/// describe the periods up to the previous expiry: period k's throttling shows at expiry k+1.
/// </summary>
/// <param name="CgroupId">The cgroup (inode of its cpu-hierarchy directory).</param>
/// <param name="ExpiresNs">The timer's scheduled expiry, CLOCK_MONOTONIC ns: on the period grid.</param>
/// <param name="UsedNs">CPU charged since the previous expiry (negative when bandwidth was reconfigured mid-period).</param>
/// <param name="QuotaNs">Quota in force.</param>
/// <param name="PeriodNs">Period in force.</param>
/// <param name="BurstNs">Burst allowance in force.</param>
/// <param name="NrPeriods">cfs_b->nr_periods (cpu.stat nr_periods) before this expiry.</param>
/// <param name="NrThrottled">cfs_b->nr_throttled before this expiry.</param>
/// <param name="ThrottledTimeNs">cfs_b->throttled_time before this expiry.</param>
/// <param name="CpusUsed">CPUs the group ran on since the previous expiry (counted over the first 256); 0 = unknown (the recording's first expiry).</param>
/// <param name="MaxCpuUsedNs">The largest share of that CPU time one CPU had (0 when <paramref name="CpusUsed"/> is 0).</param>
/// <param name="ThrottledCpus">The group's per-CPU runqueues still throttled at this expiry.</param>
public readonly record struct KernelPeriodRecord(
    ulong CgroupId,
    long ExpiresNs,
    long UsedNs,
    long QuotaNs,
    long PeriodNs,
    long BurstNs,
    long NrPeriods,
    long NrThrottled,
    long ThrottledTimeNs,
    int CpusUsed = 0,
    long MaxCpuUsedNs = 0,
    int ThrottledCpus = 0);
