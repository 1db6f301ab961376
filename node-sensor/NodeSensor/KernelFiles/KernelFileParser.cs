using System.Globalization;

namespace KernelTruth.NodeSensor.KernelFiles;

/// <summary>Parsers for the two shapes cgroup files come in: one value, or "key value" lines.</summary>
internal static class KernelFileParser
{
    /// <summary>
    /// A flat keyed file (cpu.stat, memory.events, memory.oom_control): one "key value" per line, value a
    /// non-negative integer. Every key is returned, so new kernel keys cost nothing; readers pick theirs.
    /// </summary>
    public static Dictionary<string, ulong> ParseFlatKeyed(string content, string file)
    {
        var values = new Dictionary<string, ulong>(StringComparer.Ordinal);
        var lineNumber = 0;
        foreach (var line in content.Split('\n'))
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length != 2)
            {
                throw new KernelFileFormatException(file, lineNumber, line, "expected 'key value'");
            }

            if (!ulong.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                throw new KernelFileFormatException(file, lineNumber, line, "value is not a non-negative integer");
            }

            values[fields[0]] = value;
        }

        return values;
    }

    /// <summary>A key a reader cannot do without; its absence means the file is not what it should be.</summary>
    public static ulong Required(Dictionary<string, ulong> values, string key, string file) =>
        values.TryGetValue(key, out var value)
            ? value
            : throw new KernelFileFormatException(file, null, null, $"has no '{key}' line");

    /// <summary>A file holding one non-negative integer (cpuacct.usage, memory.current).</summary>
    public static ulong ParseUInt64(string content, string file)
    {
        var text = SingleLine(content, file);
        return ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new KernelFileFormatException(file, 1, text, "not a non-negative integer");
    }

    /// <summary>A file holding one integer that may be negative (cpu.cfs_quota_us uses -1 for unlimited).</summary>
    public static long ParseInt64(string content, string file)
    {
        var text = SingleLine(content, file);
        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new KernelFileFormatException(file, 1, text, "not an integer");
    }

    /// <summary>The file's only line, without its newline.</summary>
    public static string SingleLine(string content, string file)
    {
        var text = content.TrimEnd('\n');
        return text.Contains('\n')
            ? throw new KernelFileFormatException(file, 2, text.Split('\n')[1], "expected a single line")
            : text;
    }
}
