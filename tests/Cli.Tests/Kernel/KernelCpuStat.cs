using System.Globalization;

namespace KernelTruth.Cli.Tests.Kernel;

/// <summary>The kernel's own period counters from cpu.stat, read directly: the ground truth the assertions use.</summary>
internal readonly record struct KernelCpuStat(ulong NrPeriods, ulong NrThrottled)
{
    public static KernelCpuStat Read(string cpuDirectory)
    {
        var stat = File.ReadAllLines(Path.Join(cpuDirectory, "cpu.stat"))
            .Select(l => l.Split(' '))
            .ToDictionary(p => p[0], p => ulong.Parse(p[1], CultureInfo.InvariantCulture));
        return new KernelCpuStat(stat["nr_periods"], stat["nr_throttled"]);
    }

    /// <summary>Throttled share of the periods between two reads, and how many periods that was.</summary>
    public static (double Ratio, ulong Periods) Between(KernelCpuStat a, KernelCpuStat b)
    {
        ulong periods = b.NrPeriods - a.NrPeriods;
        return (periods == 0 ? 0 : (double)(b.NrThrottled - a.NrThrottled) / periods, periods);
    }
}
