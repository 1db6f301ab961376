using KernelTruth.Cli.Commands;
using KernelTruth.NodeSensor.Cgroups;

namespace KernelTruth.Cli.Observing;

/// <summary>A cgroup a user named, resolved against the cpu controller's hierarchy.</summary>
/// <param name="Path">Relative to the cpu mount, as /proc/&lt;pid&gt;/cgroup and the sensor's snapshots show it.</param>
/// <param name="CpuDirectory">Its directory in the cpu hierarchy.</param>
internal sealed record CgroupTarget(string Path, string CpuDirectory)
{
    /// <summary>
    /// Accepts "/kubepods/x", "kubepods/x" or "/sys/fs/cgroup/cpu/kubepods/x" (see <see cref="CgroupPaths.Normalize"/>).
    /// </summary>
    /// <exception cref="CliFailure">The path is malformed, outside the cpu mount, or the cgroup does not exist.</exception>
    public static CgroupTarget Resolve(string given, CpuHierarchy hierarchy)
    {
        string path;
        try
        {
            path = CgroupPaths.Normalize(given, hierarchy);
        }
        catch (ArgumentException ex)
        {
            throw new CliFailure(ex.Message.Split(" (Parameter", 2)[0], inner: ex);
        }

        string directory = hierarchy.CpuDirectory(path);
        if (!Directory.Exists(directory))
        {
            throw new CliFailure($"cgroup '{given}' does not exist: there is no {directory} in the cpu hierarchy (mounted at {hierarchy.CpuMount}). Give the path as /proc/<pid>/cgroup shows it for the cpu controller, or an absolute path under {hierarchy.CpuMount}.");
        }

        return new CgroupTarget(path, directory);
    }

    /// <summary>The host's cpu hierarchy, or a failure saying none is mounted.</summary>
    public static CpuHierarchy DetectHierarchy()
    {
        try
        {
            return CpuHierarchy.Detect();
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException)
        {
            throw new CliFailure(ex.Message, CliExitCodes.CannotStart, ex);
        }
    }
}
