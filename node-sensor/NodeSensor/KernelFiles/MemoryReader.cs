using KernelTruth.NodeSensor.Cgroups;

namespace KernelTruth.NodeSensor.KernelFiles;

/// <summary>Reads a cgroup's memory usage, peak and OOM kills.</summary>
internal static class MemoryReader
{
    /// <summary>
    /// Null when the cgroup has no memory accounting: no memory hierarchy (v1), no directory at this path in
    /// the v1 memory hierarchy (v1 hierarchies are independent trees), or the memory controller not enabled
    /// for it (v2 root, or a parent without memory in subtree_control).
    /// </summary>
    /// <exception cref="CgroupGoneException">The cgroup was removed.</exception>
    /// <exception cref="KernelFileFormatException">A file does not parse.</exception>
    public static MemoryUsage? Read(CpuHierarchy hierarchy, string relativePath)
    {
        var directory = hierarchy.MemoryDirectory(relativePath);
        if (directory is null)
        {
            return null;
        }

        return hierarchy.Version == 1 ? ReadV1(directory, relativePath) : ReadV2(directory, relativePath);
    }

    /// <summary>v1: memory.usage_in_bytes, memory.max_usage_in_bytes, oom_kill in memory.oom_control, total_inactive_file in memory.stat.</summary>
    private static MemoryUsage? ReadV1(string directory, string relativePath)
    {
        if (!CgroupFileSystem.DirectoryExists(directory))
        {
            return null;
        }

        var current = ReadValue(directory, "memory.usage_in_bytes", relativePath);
        if (current is null)
        {
            return null;
        }

        return new MemoryUsage(
            current.Value,
            ReadValue(directory, "memory.max_usage_in_bytes", relativePath),
            ReadKey(directory, "memory.oom_control", "oom_kill", relativePath),
            ReadKey(directory, "memory.stat", "total_inactive_file", relativePath));
    }

    /// <summary>v2: memory.current, memory.peak (5.19+), oom_kill in memory.events, inactive_file in memory.stat.</summary>
    private static MemoryUsage? ReadV2(string directory, string relativePath)
    {
        var current = ReadValue(directory, "memory.current", relativePath);
        if (current is null)
        {
            return null;
        }

        return new MemoryUsage(
            current.Value,
            ReadValue(directory, "memory.peak", relativePath),
            ReadKey(directory, "memory.events", "oom_kill", relativePath),
            ReadKey(directory, "memory.stat", "inactive_file", relativePath));
    }

    private static ulong? ReadValue(string directory, string fileName, string relativePath)
    {
        var content = KernelFile.ReadOptional(directory, fileName, relativePath);
        return content is null ? null : KernelFileParser.ParseUInt64(content, Path.Join(directory, fileName));
    }

    private static ulong? ReadKey(string directory, string fileName, string key, string relativePath)
    {
        var content = KernelFile.ReadOptional(directory, fileName, relativePath);
        if (content is null)
        {
            return null;
        }

        var values = KernelFileParser.ParseFlatKeyed(content, Path.Join(directory, fileName));
        return values.TryGetValue(key, out var value) ? value : null;
    }
}
