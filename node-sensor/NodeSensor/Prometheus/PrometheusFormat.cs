using System.Globalization;
using System.Text;

namespace KernelTruth.NodeSensor.Prometheus;

/// <summary>Value and text escaping rules of the text format 0.0.4.</summary>
internal static class PrometheusFormat
{
    // Integral values up to 2^63 print as plain integers, which round-trip exactly (an integral
    // double in that range is a whole number) and read better than Go's "1e+06".
    private const double PlainIntegerLimit = 9.2e18;

    /// <summary>
    /// Formats like a Go float that Prometheus' ParseFloat reads back: "NaN", "+Inf", "-Inf",
    /// integers without exponent ("1000000"), otherwise the shortest round-trip form with a
    /// lowercase exponent ("0.25", "1e-05", "1.5e+20").
    /// </summary>
    public static string FormatValue(double value)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "+Inf" : "-Inf";
        }

        if (value == Math.Floor(value) && Math.Abs(value) < PlainIntegerLimit)
        {
            return ((long)value).ToString(CultureInfo.InvariantCulture);
        }

        return value.ToString("R", CultureInfo.InvariantCulture).Replace('E', 'e');
    }

    public static string FormatValue(ulong value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>HELP text escapes only backslash and newline.</summary>
    public static string EscapeHelp(string help) => Escape(help, escapeQuote: false);

    /// <summary>Label values escape backslash, double quote and newline.</summary>
    public static string EscapeLabelValue(string value) => Escape(value, escapeQuote: true);

    private static string Escape(string text, bool escapeQuote)
    {
        if (text.AsSpan().IndexOfAny(escapeQuote ? "\\\"\n" : "\\\n") < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            _ = c switch
            {
                '\\' => builder.Append(@"\\"),
                '\n' => builder.Append(@"\n"),
                '"' when escapeQuote => builder.Append("\\\""),
                _ => builder.Append(c),
            };
        }

        return builder.ToString();
    }
}
