using System.Text;
using KernelTruth.Cli.Commands;
using KernelTruth.NodeSensor.Cgroups;

namespace KernelTruth.Cli.Observing;

/// <summary>A cgroup a user named, resolved against the cpu controller's hierarchy.</summary>
/// <param name="Path">Relative to the cpu mount, as /proc/&lt;pid&gt;/cgroup and the sensor's snapshots show it.</param>
/// <param name="CpuDirectory">Its directory in the cpu hierarchy.</param>
internal sealed record CgroupTarget(string Path, string CpuDirectory)
{
    /// <summary>
    /// Accepts "/kubepods/x", "kubepods/x" or "/sys/fs/cgroup/cpu/kubepods/x" (see <see cref="CgroupPaths.Normalize"/>),
    /// in the escaped form the sensor reports (see <see cref="CgroupNameEscaping"/>: "/f\xffo" for a cgroup named by
    /// the bytes 66 FF 6F, "\\" for a backslash) or, when no cgroup has that escaped name, as the literal text
    /// /proc/&lt;pid&gt;/cgroup prints: a systemd unit "/system.slice/a\x2db.service" names the literal directory when
    /// there is no "/system.slice/a-b.service". <see cref="Path"/> is always the escaped form, as snapshots show it.
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

        foreach (string candidate in Interpretations(path))
        {
            string directory = hierarchy.CpuDirectory(candidate);
            if (CgroupFileSystem.DirectoryExists(directory))
            {
                return new CgroupTarget(candidate, directory);
            }
        }

        string escapes = path.Contains('\\', StringComparison.Ordinal)
            ? " A backslash is read as an escape first ('\\xNN' is the byte NN, '\\\\' a backslash), then literally."
            : "";
        throw new CliFailure($"cgroup '{given}' does not exist: there is no {hierarchy.CpuDirectory(path)} in the cpu hierarchy (mounted at {hierarchy.CpuMount}). Give the path as /proc/<pid>/cgroup shows it for the cpu controller, or an absolute path under {hierarchy.CpuMount}.{escapes}");
    }

    /// <summary>
    /// The escaped paths <paramref name="path"/> can stand for, most likely first: read as escaped text (canonical,
    /// so "\xFF" and "\xff" are one cgroup), then as literal text (each backslash a real one).
    /// </summary>
    private static IEnumerable<string> Interpretations(string path)
    {
        if (CgroupNameEscaping.TryUnescape(path, out var raw, out _))
        {
            yield return CgroupNameEscaping.Escape(raw);
        }

        string literal = CgroupNameEscaping.Escape(Encoding.UTF8.GetBytes(path));
        if (literal != path)
        {
            yield return literal;
        }
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
