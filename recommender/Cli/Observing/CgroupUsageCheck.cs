using KernelTruth.Cli.Commands;
using KernelTruth.NodeSensor.Cgroups;
using KernelTruth.NodeSensor.KernelFiles;

namespace KernelTruth.Cli.Observing;

/// <summary>`record` and `recommend` refuse a cgroup whose CPU usage the kernel does not report.</summary>
internal static class CgroupUsageCheck
{
    /// <summary>
    /// On cgroup v1 usage comes from cpuacct, a separate hierarchy here: a cgroup made only under cpu has none, and a
    /// recording or recommendation of it would read usage 0. Refused before the sensor loads, naming the missing directory.
    /// </summary>
    public static void Require(CpuHierarchy hierarchy, CgroupTarget target)
    {
        CpuStat stat;
        try
        {
            stat = CpuStatReader.Read(hierarchy, target.Path);
        }
        catch (Exception ex) when (ex is CgroupGoneException or KernelFileFormatException)
        {
            throw new CliFailure($"cgroup {target.Path}: {ex.Message}", inner: ex);
        }

        if (stat.UsageNs is null)
        {
            throw new CliFailure($"cgroup {target.Path} is in the cpu hierarchy but the kernel reports no CPU usage for it: {hierarchy.CpuacctDirectory(target.Path) ?? "no cpuacct hierarchy is mounted"}{(hierarchy.CpuacctDirectory(target.Path) is null ? "" : " does not exist (cpuacct is mounted separately; create the cgroup there too and put its tasks in it)")}");
        }
    }
}
