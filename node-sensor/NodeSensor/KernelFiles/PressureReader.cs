using System.Globalization;
using KernelTruth.NodeSensor.Cgroups;

namespace KernelTruth.NodeSensor.KernelFiles;

/// <summary>Reads a cgroup's <c>cpu.pressure</c>.</summary>
internal static class PressureReader
{
    /// <summary>
    /// Null on cgroup v1 (per-cgroup PSI is v2 only), when PSI is off (the file is absent, or reading it fails
    /// with EOPNOTSUPP under psi=0) or when <c>cgroup.pressure</c> hides it for this cgroup.
    /// </summary>
    /// <exception cref="CgroupGoneException">The cgroup was removed.</exception>
    /// <exception cref="KernelFileFormatException">The file does not parse.</exception>
    public static CpuPressure? Read(CpuHierarchy hierarchy, string relativePath)
    {
        if (hierarchy.Version != 2)
        {
            return null;
        }

        var directory = hierarchy.CpuDirectory(relativePath);
        var content = KernelFile.ReadOptional(directory, "cpu.pressure", relativePath);
        return content is null ? null : Parse(content, Path.Join(directory, "cpu.pressure"));
    }

    /// <summary>"some avg10=1.50 avg60=0.80 avg300=0.20 total=123456" and the same for "full".</summary>
    internal static CpuPressure Parse(string content, string file)
    {
        PressureStall? some = null;
        PressureStall? full = null;
        var lineNumber = 0;
        foreach (var line in content.Split('\n'))
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var stall = fields.Length == 5 ? ParseStall(fields) : null;
            switch (fields[0])
            {
                case "some" when stall is not null:
                    some = stall;
                    break;
                case "full" when stall is not null:
                    full = stall;
                    break;
                default:
                    throw new KernelFileFormatException(
                        file, lineNumber, line, "expected 'some|full avg10=<%> avg60=<%> avg300=<%> total=<µs>'");
            }
        }

        return some is null
            ? throw new KernelFileFormatException(file, null, null, "has no 'some' line")
            : new CpuPressure(some, full);
    }

    private static PressureStall? ParseStall(string[] fields) =>
        TryValue(fields[1], "avg10=", out var avg10)
        && TryValue(fields[2], "avg60=", out var avg60)
        && TryValue(fields[3], "avg300=", out var avg300)
        && fields[4].StartsWith("total=", StringComparison.Ordinal)
        && ulong.TryParse(fields[4].AsSpan("total=".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var total)
            ? new PressureStall(avg10, avg60, avg300, total)
            : null;

    private static bool TryValue(string field, string prefix, out double value)
    {
        value = 0;
        return field.StartsWith(prefix, StringComparison.Ordinal)
            && double.TryParse(field.AsSpan(prefix.Length), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);
    }
}
