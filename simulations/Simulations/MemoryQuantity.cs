using System.Globalization;

namespace KernelTruth.Simulations;

/// <summary>Kubernetes memory quantities: "256Mi", "1Gi", "500M", "1073741824".</summary>
public static class MemoryQuantity
{
    private static readonly (string Suffix, double Scale)[] Suffixes =
    [
        ("Ki", 1024), ("Mi", 1024d * 1024), ("Gi", 1024d * 1024 * 1024), ("Ti", 1024d * 1024 * 1024 * 1024),
        ("k", 1e3), ("M", 1e6), ("G", 1e9), ("T", 1e12),
    ];

    public static bool TryParseBytes(string? text, out double bytes)
    {
        bytes = 0;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        double scale = 1;
        foreach (var (suffix, s) in Suffixes)
        {
            if (text.EndsWith(suffix, StringComparison.Ordinal))
            {
                scale = s;
                text = text[..^suffix.Length];
                break;
            }
        }

        if (!double.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out double n) || !double.IsFinite(n) || n < 0)
        {
            return false;
        }

        bytes = n * scale;
        return true;
    }
}
