using System.Globalization;

namespace KernelTruth.NodeSensor.Bpf.Programs;

/// <summary>Compares kernel releases as uname -r prints them ("6.18.44-fc-v657").</summary>
internal static class KernelRelease
{
    public static bool AtLeast(string release, int major, int minor)
    {
        var parts = release.Split('.', '-');
        if (parts.Length < 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int ma)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int mi))
        {
            return false; // unknown: assume older, which only attaches more programs
        }

        return ma > major || (ma == major && mi >= minor);
    }
}
