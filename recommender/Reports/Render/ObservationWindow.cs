using System.Globalization;
using KernelTruth.Reports.Model;

namespace KernelTruth.Reports.Render;

/// <summary>
/// How long the numbers were observed, as people read it: the two largest units, "45s", "12m 30s", "3h 20m",
/// "2d 4h". Worked example: 93 784 s = 1 d 2 h 3 min 4 s ⇒ "1d 2h". A recommendation's confidence grows with this
/// (d/(1 + d) for d days), so every listing and report shows it.
/// </summary>
public static class ObservationWindow
{
    /// <summary>"observed over 2h 10m", or "observed over 5m to 2h 10m (per workload)"; "observation window unknown".</summary>
    public static string Of(Report report) => report.ObservedSeconds is var (shortest, longest)
        ? Short(shortest) == Short(longest)
            ? $"observed over {Short(longest)}"
            : $"observed over {Short(shortest)} to {Short(longest)} (per workload)"
        : "observation window unknown";

    public static string Short(double seconds)
    {
        if (!(seconds >= 0) || !double.IsFinite(seconds))
        {
            return Figures.Unknown;
        }

        long s = (long)Math.Round(seconds);
        (long Value, string Unit)[] parts = [(s / 86_400, "d"), (s / 3_600 % 24, "h"), (s / 60 % 60, "m"), (s % 60, "s")];
        int first = Array.FindIndex(parts, p => p.Value > 0);
        if (first < 0)
        {
            return "0s";
        }

        string text = parts[first].Value.ToString(CultureInfo.InvariantCulture) + parts[first].Unit;
        return first + 1 < parts.Length && parts[first + 1].Value > 0
            ? text + " " + parts[first + 1].Value.ToString(CultureInfo.InvariantCulture) + parts[first + 1].Unit
            : text;
    }
}
