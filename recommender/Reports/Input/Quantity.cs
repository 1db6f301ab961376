using System.Globalization;

namespace KernelTruth.Reports.Input;

/// <summary>
/// Kubernetes quantity strings: a decimal number with an optional suffix, decimal (n u m k M G T P E),
/// binary (Ki Mi Gi Ti Pi Ei) or an exponent (1e3). "450m" = 0.45, "300Mi" = 314 572 800, "1.5" = 1.5.
/// Formatting goes the other way for the report: CPU as whole millicores ("450m"), memory with the
/// largest binary suffix that keeps it readable ("300Mi", "1.5Gi").
/// </summary>
public static class Quantity
{
    private static readonly (string Suffix, double Factor)[] Suffixes =
    [
        ("Ki", 1024d), ("Mi", 1024d * 1024), ("Gi", 1024d * 1024 * 1024), ("Ti", 1024d * 1024 * 1024 * 1024),
        ("Pi", 1024d * 1024 * 1024 * 1024 * 1024), ("Ei", 1024d * 1024 * 1024 * 1024 * 1024 * 1024),
        ("n", 1e-9), ("u", 1e-6), ("m", 1e-3), ("k", 1e3), ("M", 1e6), ("G", 1e9), ("T", 1e12), ("P", 1e15), ("E", 1e18),
    ];

    public static bool TryParse(string? text, out double value)
    {
        value = 0;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        string s = text.Trim();
        double factor = 1;
        foreach (var (suffix, f) in Suffixes)
        {
            if (s.EndsWith(suffix, StringComparison.Ordinal))
            {
                factor = f;
                s = s[..^suffix.Length];
                break;
            }
        }

        if (s.Length == 0 || !double.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out double number))
        {
            return false;
        }

        value = number * factor;
        return double.IsFinite(value) && value >= 0;
    }

    /// <summary>Cores as whole millicores: 0.45 ⇒ "450m", 2 ⇒ "2000m".</summary>
    public static string Cpu(double cores) => string.Create(CultureInfo.InvariantCulture, $"{Math.Round(cores * 1000, MidpointRounding.AwayFromZero):0}m");

    /// <summary>Bytes with a binary suffix and at most one decimal: 314572800 ⇒ "300Mi", 1610612736 ⇒ "1.5Gi".</summary>
    public static string Memory(double bytes)
    {
        string[] units = ["", "Ki", "Mi", "Gi", "Ti", "Pi"];
        int u = 0;
        double v = bytes;
        while (Math.Abs(v) >= 1024 && u < units.Length - 1)
        {
            v /= 1024;
            u++;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{Math.Round(v, 1, MidpointRounding.AwayFromZero):0.#}{units[u]}");
    }
}
