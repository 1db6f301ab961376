using System.Text;

namespace KernelTruth.NodeSensor.Cgroups;

/// <summary>
/// Where the cpu controller's hierarchy is mounted. BPF keys everything by the cpu cgroup's kernfs id,
/// and ids are unique only within one hierarchy, so every id and path is resolved against
/// <see cref="CpuMount"/>.
/// </summary>
/// <param name="Version">1 or 2.</param>
/// <param name="CpuMount">Directory of the hierarchy root that has the cpu controller.</param>
/// <param name="CpuacctMount">v1: where <c>cpuacct.usage</c> lives (equals CpuMount when co-mounted as
/// <c>cpu,cpuacct</c>); null when cpuacct is not mounted. v2: null, usage is in <c>cpu.stat</c>.</param>
/// <param name="MemoryMount">v1: the memory controller's mount, or null; v2: CpuMount.</param>
public sealed record CpuHierarchy(int Version, string CpuMount, string? CpuacctMount, string? MemoryMount)
{
    public const string DefaultMountInfoPath = "/proc/self/mountinfo";

    /// <summary>Where kernels and container runtimes mount cgroupfs; what an override stands for.</summary>
    private const string ConventionalRoot = "/sys/fs/cgroup";

    /// <summary>
    /// Finds the cpu controller from a mountinfo file. v1 wins over v2 when both are mounted: a controller
    /// bound to a v1 hierarchy is not available to cgroup2, so the v1 mount is the one the kernel uses.
    /// </summary>
    /// <param name="procMountInfoPath">mountinfo to read (a DaemonSet with hostPID can pass /proc/1/mountinfo).</param>
    /// <param name="cgroupRootOverride">A directory that stands for /sys/fs/cgroup: mount points under
    /// /sys/fs/cgroup are looked up under it (so a fixture tree laid out like /sys/fs/cgroup works, or a host
    /// mount such as /host/sys/fs/cgroup); mount points elsewhere are looked up under it by their full path.</param>
    /// <exception cref="InvalidOperationException">No mounted hierarchy has the cpu controller.</exception>
    public static CpuHierarchy Detect(string procMountInfoPath = DefaultMountInfoPath, string? cgroupRootOverride = null)
    {
        var mounts = File.ReadLines(procMountInfoPath)
            .Where(line => line.Length > 0)
            .Select(line => MountInfoEntry.Parse(line, procMountInfoPath))
            .ToList();

        // With an override, a mount that exists under it wins over one listed earlier: in a DaemonSet
        // the host's hierarchy bind-mounted at /host/sys/fs/cgroup is listed too, and rebasing that
        // entry again points nowhere; the runtime's own /sys/fs/cgroup entries map onto it.
        string? V1MountWith(string controller)
        {
            var candidates = mounts
                .Where(m => m.FsType == "cgroup" && m.SuperOptions.Contains(controller))
                .Select(m => Rebase(m.MountPoint, cgroupRootOverride))
                .ToList();
            return candidates.FirstOrDefault(path => cgroupRootOverride is not null && Directory.Exists(path))
                ?? candidates.FirstOrDefault();
        }

        var v1Cpu = V1MountWith("cpu");
        if (v1Cpu is not null)
        {
            return new CpuHierarchy(1, v1Cpu, V1MountWith("cpuacct"), V1MountWith("memory"));
        }

        var v2Cpu = mounts
            .Where(m => m.FsType == "cgroup2")
            .Select(m => Rebase(m.MountPoint, cgroupRootOverride))
            .FirstOrDefault(ListsCpuController);
        if (v2Cpu is not null)
        {
            return new CpuHierarchy(2, v2Cpu, CpuacctMount: null, MemoryMount: v2Cpu);
        }

        throw new InvalidOperationException(
            $"No cgroup hierarchy has the cpu controller: {procMountInfoPath} shows no cgroup (v1) mount with the " +
            "'cpu' option and no cgroup2 mount whose cgroup.controllers lists 'cpu'. " +
            "Mount the cpu controller (v1) or enable it in the cgroup2 root (v2).");
    }

    // The directories below are escaped text (see CgroupNameEscaping), as the relative paths are: open them through
    // CgroupFileSystem, KernelFile or DirectoryInode. For every name that is valid UTF-8 without a backslash the
    // text is the real path, so File and Directory work on it too, but not on a cgroup named with other bytes.

    /// <summary>The cgroup's directory in the cpu hierarchy; <paramref name="relativePath"/> as "/" or "/a/b".</summary>
    public string CpuDirectory(string relativePath) => Under(CpuMount, relativePath);

    /// <summary>The cgroup's directory in the cpuacct hierarchy, or null when cpuacct is not mounted.</summary>
    public string? CpuacctDirectory(string relativePath) => CpuacctMount is null ? null : Under(CpuacctMount, relativePath);

    /// <summary>The cgroup's directory in the memory hierarchy, or null when memory is not mounted.</summary>
    public string? MemoryDirectory(string relativePath) => MemoryMount is null ? null : Under(MemoryMount, relativePath);

    private static string Under(string mount, string relativePath)
    {
        // The mount is a real path: a backslash in it must not read as an escape when the whole path is decoded.
        string escapedMount = CgroupNameEscaping.Escape(Encoding.UTF8.GetBytes(mount));
        return relativePath is "" or "/" ? escapedMount : Path.Join(escapedMount, relativePath.TrimStart('/'));
    }

    private static string Rebase(string mountPoint, string? overrideRoot)
    {
        if (overrideRoot is null)
        {
            return mountPoint;
        }

        if (mountPoint == ConventionalRoot)
        {
            return overrideRoot;
        }

        return mountPoint.StartsWith(ConventionalRoot + "/", StringComparison.Ordinal)
            ? Path.Join(overrideRoot, mountPoint[(ConventionalRoot.Length + 1)..])
            : Path.Join(overrideRoot, mountPoint.TrimStart('/'));
    }

    private static bool ListsCpuController(string cgroup2Mount)
    {
        try
        {
            return File.ReadAllText(Path.Join(cgroup2Mount, "cgroup.controllers"))
                .Split(' ', '\n')
                .Contains("cpu");
        }
        catch (IOException)
        {
            // A cgroup2 mount we cannot read (gone, or an unrelated bind mount) cannot be the cpu hierarchy.
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
