namespace KernelTruth.NodeSensor.Cgroups;

/// <summary>Turns a cgroup path as a user writes it into the form the index and readers use.</summary>
public static class CgroupPaths
{
    private const string ConventionalRoot = "/sys/fs/cgroup";

    /// <summary>
    /// Accepts either a path relative to the cpu mount, as <c>/proc/&lt;pid&gt;/cgroup</c> shows it
    /// ("/kubepods.slice/x", "kubepods/x"), or an absolute cgroupfs path under the cpu mount
    /// ("/sys/fs/cgroup/cpu/kubepods/x"). Returns "/" for the root, otherwise "/a/b" without a trailing slash.
    /// </summary>
    /// <exception cref="ArgumentException">Empty, contains "..", or lies outside the cpu mount.</exception>
    public static string Normalize(string pathOrAbsolute, CpuHierarchy hierarchy)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pathOrAbsolute);
        var components = pathOrAbsolute.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(c => c != ".").ToList();
        if (components.Contains(".."))
        {
            throw new ArgumentException(
                $"Cgroup path '{pathOrAbsolute}' contains '..'; give the path without parent references.",
                nameof(pathOrAbsolute));
        }

        var joined = "/" + string.Join('/', components);
        var mount = Path.TrimEndingDirectorySeparator(Path.GetFullPath(hierarchy.CpuMount));
        if (IsAtOrUnder(joined, mount))
        {
            return joined.Length == mount.Length ? "/" : joined[mount.Length..];
        }

        // No cgroup is named "sys", so a path under /sys/fs/cgroup (or, on v1, next to the cpu mount, such
        // as the memory hierarchy) is an absolute path into the wrong place, not a relative one.
        var siblingsRoot = hierarchy.Version == 1 ? Path.GetDirectoryName(mount) : null;
        if (IsAtOrUnder(joined, ConventionalRoot) || (siblingsRoot is not null and not "/" && IsAtOrUnder(joined, siblingsRoot)))
        {
            throw new ArgumentException(
                $"Cgroup path '{pathOrAbsolute}' is outside the cpu cgroup mount '{hierarchy.CpuMount}'; give a path " +
                "under that mount, or relative to it as /proc/<pid>/cgroup shows it.",
                nameof(pathOrAbsolute));
        }

        return joined;
    }

    private static bool IsAtOrUnder(string path, string directory) =>
        path == directory || path.StartsWith(directory.TrimEnd('/') + "/", StringComparison.Ordinal);
}
