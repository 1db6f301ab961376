using KernelTruth.NodeSensor.Cgroups;

namespace KernelTruth.NodeSensor.KernelFiles;

/// <summary>Reads <c>cpu.stat</c> (and, on v1, <c>cpuacct.usage</c>) for one cgroup.</summary>
public static class CpuStatReader
{
    private const ulong NsPerUs = 1000;

    /// <exception cref="CgroupGoneException">The cgroup was removed.</exception>
    /// <exception cref="KernelFileFormatException">A file does not parse.</exception>
    public static CpuStat Read(CpuHierarchy hierarchy, string relativePath) =>
        hierarchy.Version == 1 ? ReadV1(hierarchy, relativePath) : ReadV2(hierarchy, relativePath);

    /// <summary>v1 cpu.stat: nr_periods, nr_throttled, throttled_time (ns), nr_bursts, burst_time (ns).</summary>
    private static CpuStat ReadV1(CpuHierarchy hierarchy, string relativePath)
    {
        var directory = hierarchy.CpuDirectory(relativePath);
        var file = Path.Join(directory, "cpu.stat");
        var values = KernelFileParser.ParseFlatKeyed(KernelFile.ReadRequired(directory, "cpu.stat", relativePath), file);
        return new CpuStat(
            UsageNs: ReadCpuacctUsage(hierarchy, relativePath),
            NrPeriods: KernelFileParser.Required(values, "nr_periods", file),
            NrThrottled: KernelFileParser.Required(values, "nr_throttled", file),
            ThrottledNs: KernelFileParser.Required(values, "throttled_time", file),
            NrBursts: values.GetValueOrDefault("nr_bursts"),
            BurstNs: values.GetValueOrDefault("burst_time"));
    }

    /// <summary>
    /// v1 usage lives in another controller: cpuacct may be unmounted, or (separately mounted) lack this
    /// path; either way usage is unknown, not zero.
    /// </summary>
    private static ulong? ReadCpuacctUsage(CpuHierarchy hierarchy, string relativePath)
    {
        var directory = hierarchy.CpuacctDirectory(relativePath);
        if (directory is null || !CgroupFileSystem.DirectoryExists(directory))
        {
            return null;
        }

        var content = KernelFile.ReadOptional(directory, "cpuacct.usage", relativePath);
        return content is null ? null : KernelFileParser.ParseUInt64(content, Path.Join(directory, "cpuacct.usage"));
    }

    /// <summary>
    /// v2 cpu.stat: usage_usec always; nr_periods, nr_throttled, throttled_usec, nr_bursts, burst_usec only
    /// when the cpu controller is enabled for the cgroup (absent means no bandwidth control: 0).
    /// </summary>
    private static CpuStat ReadV2(CpuHierarchy hierarchy, string relativePath)
    {
        var directory = hierarchy.CpuDirectory(relativePath);
        var file = Path.Join(directory, "cpu.stat");
        var values = KernelFileParser.ParseFlatKeyed(KernelFile.ReadRequired(directory, "cpu.stat", relativePath), file);
        return new CpuStat(
            UsageNs: values.TryGetValue("usage_usec", out var usageUs) ? usageUs * NsPerUs : null,
            NrPeriods: values.GetValueOrDefault("nr_periods"),
            NrThrottled: values.GetValueOrDefault("nr_throttled"),
            ThrottledNs: values.GetValueOrDefault("throttled_usec") * NsPerUs,
            NrBursts: values.GetValueOrDefault("nr_bursts"),
            BurstNs: values.GetValueOrDefault("burst_usec") * NsPerUs);
    }
}
