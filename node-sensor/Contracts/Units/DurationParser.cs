using System.Globalization;

namespace KernelTruth.Contracts.Units;

/// <summary>
/// Parses durations as users write them on a command line or in an environment variable: 500ms, 1s, 2m, 1h.
/// The one duration syntax of every binary (ktruth, ktruth-sensor, ktruth-recommender). Anything longer
/// than <see cref="TimeSpan.MaxValue"/> is not a duration ("1e300h" would overflow TimeSpan); callers bound
/// their own options further.
/// </summary>
public static class DurationParser
{
    private static readonly double MaxMilliseconds = TimeSpan.MaxValue.TotalMilliseconds;

    public static bool TryParse(string text, out TimeSpan value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        (string suffix, double scaleMs)[] units = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000)];
        foreach (var (suffix, scaleMs) in units)
        {
            if (text.EndsWith(suffix, StringComparison.Ordinal)
                && double.TryParse(text[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out double n)
                && n >= 0 && double.IsFinite(n) && n * scaleMs <= MaxMilliseconds)
            {
                value = TimeSpan.FromMilliseconds(n * scaleMs);
                return true;
            }
        }

        return false;
    }
}
