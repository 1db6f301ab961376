namespace KernelTruth.NodeSensor.KernelFiles;

/// <summary>
/// A CFS bandwidth limit: the group may run <see cref="QuotaUs"/> of CPU time per <see cref="PeriodUs"/>,
/// summed over CPUs, plus up to <see cref="BurstUs"/> saved from earlier periods.
/// Example: quota 20000, period 100000 ⇒ 0.2 CPUs.
/// </summary>
public sealed record CpuLimit(long QuotaUs, long PeriodUs, long BurstUs)
{
    public double Cpus => (double)QuotaUs / PeriodUs;
}
