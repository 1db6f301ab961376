namespace KernelTruth.Simulations.Replay;

/// <summary>
/// A CFS bandwidth setting: quota = LimitCores × period per period, plus a burst allowance of
/// BurstCores × period that unused quota can fill (cpu.cfs_burst_us / cpu.max.burst).
/// </summary>
/// <param name="TickSeconds">The scheduler tick: the kernel checks the pool at ticks (and switches), so
/// a group runs past an empty pool by up to a tick (see <see cref="CfsBandwidthState"/>). Default
/// 4 ms (CONFIG_HZ=250, the usual distribution setting); 0 models an ideal enforcer.</param>
public sealed record BandwidthLimit(double LimitCores, double PeriodSeconds, double BurstCores = 0, double TickSeconds = BandwidthLimit.DefaultTickSeconds)
{
    /// <summary>4 ms: CONFIG_HZ=250.</summary>
    public const double DefaultTickSeconds = 0.004;

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
