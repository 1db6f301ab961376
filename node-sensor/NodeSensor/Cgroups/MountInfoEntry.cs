using System.Text;

namespace KernelTruth.NodeSensor.Cgroups;

/// <summary>
/// One line of <c>/proc/&lt;pid&gt;/mountinfo</c> (proc(5)): only the fields cgroup detection needs.
/// </summary>
internal sealed record MountInfoEntry(string Root, string MountPoint, string FsType, IReadOnlyList<string> SuperOptions)
{
    /// <summary>
    /// Parses one line: <c>id parent maj:min root mountpoint opts [optional...] - fstype source superopts</c>.
    /// The optional fields vary in number, so the fields after them are found from the " - " separator.
    /// </summary>
    public static MountInfoEntry Parse(string line, string fileName)
    {
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // fstype and source must follow the separator; super options may be empty.
        var separator = fields.Length > 6 ? Array.IndexOf(fields, "-", 6) : -1;
        if (separator < 0 || separator + 2 >= fields.Length)
        {
            throw new InvalidDataException($"{fileName}: not a mountinfo line: '{line}'");
        }

        var superOptions = separator + 3 < fields.Length ? fields[separator + 3].Split(',') : [];
        return new MountInfoEntry(Unescape(fields[3]), Unescape(fields[4]), fields[separator + 1], superOptions);
    }

    /// <summary>The kernel writes space, tab, newline and backslash in paths as octal escapes (\040).</summary>
    private static string Unescape(string field)
    {
        if (!field.Contains('\\'))
        {
            return field;
        }

        var builder = new StringBuilder(field.Length);
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && IsOctal(field, i + 1))
            {
                builder.Append((char)Convert.ToInt32(field.Substring(i + 1, 3), 8));
                i += 3;
            }
            else
            {
                builder.Append(field[i]);
            }
        }

        return builder.ToString();
    }

    private static bool IsOctal(string s, int start) =>
        start + 3 <= s.Length && s[start] is >= '0' and <= '7' && s[start + 1] is >= '0' and <= '7' && s[start + 2] is >= '0' and <= '7';
}
