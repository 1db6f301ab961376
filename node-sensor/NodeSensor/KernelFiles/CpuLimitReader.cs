using System.Globalization;
using KernelTruth.NodeSensor.Cgroups;

namespace KernelTruth.NodeSensor.KernelFiles;

/// <summary>Reads the CFS bandwidth limit the kernel enforces on one cgroup.</summary>
public static class CpuLimitReader
{
    /// <summary>The cgroup's own limit, or null when it has none (an ancestor's limit may still apply).</summary>
    /// <exception cref="CgroupGoneException">The cgroup was removed.</exception>
    /// <exception cref="KernelFileFormatException">A file does not parse.</exception>
    public static CpuLimit? Read(CpuHierarchy hierarchy, string relativePath) =>
        hierarchy.Version == 1 ? ReadV1(hierarchy, relativePath) : ReadV2(hierarchy, relativePath);

    /// <summary>v1: cpu.cfs_quota_us (-1 = unlimited), cpu.cfs_period_us, cpu.cfs_burst_us (5.14+).</summary>
    private static CpuLimit? ReadV1(CpuHierarchy hierarchy, string relativePath)
    {
        var directory = hierarchy.CpuDirectory(relativePath);
        var quotaFile = Path.Join(directory, "cpu.cfs_quota_us");
        var quota = KernelFileParser.ParseInt64(KernelFile.ReadRequired(directory, "cpu.cfs_quota_us", relativePath), quotaFile);
        if (quota == -1)
        {
            return null;
        }

        var periodFile = Path.Join(directory, "cpu.cfs_period_us");
        var period = KernelFileParser.ParseInt64(KernelFile.ReadRequired(directory, "cpu.cfs_period_us", relativePath), periodFile);
        var burstText = KernelFile.ReadOptional(directory, "cpu.cfs_burst_us", relativePath);
        var burst = burstText is null ? 0 : KernelFileParser.ParseInt64(burstText, Path.Join(directory, "cpu.cfs_burst_us"));
        return Validated(quota, period, burst, quotaFile);
    }

    /// <summary>
    /// v2: cpu.max is "max 100000" (unlimited) or "20000 100000"; cpu.max.burst in µs (5.14+). The root and
    /// cgroups whose parent does not enable the cpu controller have no cpu.max: no limit of their own.
    /// </summary>
    private static CpuLimit? ReadV2(CpuHierarchy hierarchy, string relativePath)
    {
        var directory = hierarchy.CpuDirectory(relativePath);
        var file = Path.Join(directory, "cpu.max");
        var content = KernelFile.ReadOptional(directory, "cpu.max", relativePath);
        if (content is null)
        {
            return null;
        }

        var line = KernelFileParser.SingleLine(content, file);
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 2)
        {
            throw new KernelFileFormatException(file, 1, line, "expected '<quota|max> <period>'");
        }

        if (!long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var period))
        {
            throw new KernelFileFormatException(file, 1, line, "period is not a non-negative integer");
        }

        if (fields[0] == "max")
        {
            return null;
        }

        if (!long.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var quota))
        {
            throw new KernelFileFormatException(file, 1, line, "quota is neither 'max' nor a non-negative integer");
        }

        var burstText = KernelFile.ReadOptional(directory, "cpu.max.burst", relativePath);
        var burst = burstText is null ? 0 : KernelFileParser.ParseInt64(burstText, Path.Join(directory, "cpu.max.burst"));
        return Validated(quota, period, burst, file);
    }

    /// <summary>The kernel rejects such values on write, so seeing them means the reader is wrong.</summary>
    private static CpuLimit Validated(long quota, long period, long burst, string file)
    {
        if (quota <= 0 || period <= 0 || burst < 0)
        {
            throw new KernelFileFormatException(
                file, null, null, $"impossible limit: quota {quota} µs, period {period} µs, burst {burst} µs");
        }

        return new CpuLimit(quota, period, burst);
    }
}
