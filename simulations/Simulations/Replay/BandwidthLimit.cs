namespace KernelTruth.Simulations.Replay;

/// <summary>
/// A CFS bandwidth setting: quota = LimitCores × period per period, plus a burst allowance of
/// BurstCores × period that unused quota can fill (cpu.cfs_burst_us / cpu.max.burst).
/// </summary>
/// <param name="TickSeconds">The scheduler tick: the kernel checks the pool at ticks (and switches), so
/// a group runs past an empty pool by up to a tick (see <see cref="CfsBandwidthState"/>). Default
/// 4 ms (CONFIG_HZ=250, the usual distribution setting); 0 models an ideal enforcer.</param>
/// <param name="SliceSeconds">The runtime each CPU draws from the pool at a time (the kernel's
/// sched_cfs_bandwidth_slice_us, default 5 ms): with work on several CPUs, part of a slice held by one
/// cannot serve another (see <see cref="CfsBandwidthState"/>). 0 models one pool without slices.</param>
public sealed record BandwidthLimit(double LimitCores, double PeriodSeconds, double BurstCores = 0, double TickSeconds = BandwidthLimit.DefaultTickSeconds, double SliceSeconds = BandwidthLimit.DefaultSliceSeconds)
{
    /// <summary>4 ms: CONFIG_HZ=250.</summary>
    public const double DefaultTickSeconds = 0.004;

    /// <summary>5 ms: the kernel's default sched_cfs_bandwidth_slice_us.</summary>
    public const double DefaultSliceSeconds = 0.005;

    /// <summary>
    /// What one more CPU running the work can hold back from the CPU that runs dry, at most: a slice
    /// (<see cref="CfsBandwidthState"/> spreads it as a CPU's leftover of a slice it holds uniformly).
    /// </summary>
    public double StrandedPerCpuSeconds => SliceSeconds;

    public double QuotaSeconds => LimitCores * PeriodSeconds;

    public double BurstSeconds => BurstCores * PeriodSeconds;

    /// <summary>Every problem at once, each naming the field.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!(LimitCores > 0) || !double.IsFinite(LimitCores))
        {
            errors.Add($"limit {LimitCores} cores must be > 0 (an unlimited cgroup is never throttled: nothing to simulate)");
        }

        if (!(PeriodSeconds >= 0.001 && PeriodSeconds <= 1.0))
        {
            errors.Add($"period {PeriodSeconds * 1000} ms is outside the kernel's 1 ms – 1 s");
        }

        if (!(TickSeconds >= 0) || TickSeconds > PeriodSeconds)
        {
            errors.Add($"tick {TickSeconds * 1000} ms must be within 0 and the period");
        }

        if (!(SliceSeconds >= 0) || !double.IsFinite(SliceSeconds))
        {
            errors.Add($"bandwidth slice {SliceSeconds * 1000} ms must be ≥ 0");
        }

        if (!(BurstCores >= 0) || !double.IsFinite(BurstCores))
        {
            errors.Add($"burst {BurstCores} cores must be ≥ 0");
        }
        else if (BurstCores > LimitCores)
        {
            errors.Add($"burst {BurstCores} cores exceeds the limit {LimitCores}: the kernel refuses a burst larger than the quota");
        }

        return errors;
    }
}
