using KernelTruth.NodeSensor.Cgroups;

namespace KernelTruth.NodeSensor.KernelFiles;

/// <summary>
/// Reads the share of CPU time a cgroup gets when CPUs are contended: v1 cpu.shares, v2 cpu.weight. For a pod's
/// cgroups the kubelet and the container runtime derive it from the CPU request, so it is the request the kernel
/// actually enforces (the recommender turns it back into cores for pods only: elsewhere it is a default, not a request).
/// </summary>
internal static class CpuWeightReader
{
    /// <summary>(cpu.shares, null) on v1, (null, cpu.weight) on v2; (null, null) where the file is absent (the v2 root).</summary>
    /// <exception cref="CgroupGoneException">The cgroup was removed.</exception>
    /// <exception cref="KernelFileFormatException">The file is not one non-negative integer.</exception>
    public static (ulong? Shares, ulong? Weight) Read(CpuHierarchy hierarchy, string relativePath)
    {
        var directory = hierarchy.CpuDirectory(relativePath);
        string name = hierarchy.Version == 1 ? "cpu.shares" : "cpu.weight";
        var content = KernelFile.ReadOptional(directory, name, relativePath);
        ulong? value = content is null ? null : KernelFileParser.ParseUInt64(content, Path.Join(directory, name));
        return hierarchy.Version == 1 ? (value, null) : (null, value);
    }
}
