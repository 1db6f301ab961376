using System.Globalization;

namespace KernelTruth.NodeSensor.Tests.Kernel;

/// <summary>
/// CPU time the hypervisor took from this VM: the steal column of /proc/stat. A stolen vCPU runs
/// nothing and its ticks and timers come late, so tests that hold the kernel to tick-sized bounds
/// or compare two runs of a workload measure the host while it steals.
/// </summary>
internal static class HostSteal
{
    /// <summary>Steal time of all CPUs so far (the 8th value of the "cpu" line, in USER_HZ = 100 ticks).</summary>
    public static double Seconds()
    {
        string cpu = File.ReadLines("/proc/stat").First(l => l.StartsWith("cpu ", StringComparison.Ordinal));
        string[] fields = cpu.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length > 8 ? long.Parse(fields[8], CultureInfo.InvariantCulture) / 100.0 : 0;
    }

    /// <summary>Share of all CPUs stolen since <paramref name="startSeconds"/> (from <see cref="Seconds"/>) over <paramref name="elapsed"/>.</summary>
    public static double ShareSince(double startSeconds, TimeSpan elapsed) =>
        (Seconds() - startSeconds) / (Environment.ProcessorCount * elapsed.TotalSeconds);
}
