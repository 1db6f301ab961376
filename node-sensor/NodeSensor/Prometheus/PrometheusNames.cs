using System.Diagnostics.Metrics;

namespace KernelTruth.NodeSensor.Prometheus;

/// <summary>
/// Maps instrument names, units and tag keys onto the classic Prometheus charset
/// (metric <c>[a-zA-Z_:][a-zA-Z0-9_:]*</c>, label <c>[a-zA-Z_][a-zA-Z0-9_]*</c>, <c>__</c> reserved).
/// </summary>
internal static class PrometheusNames
{
    // Only units with one obvious Prometheus base-unit spelling get a suffix; anything else
    // (including "1" and "{annotations}") is left out of the name rather than guessed at.
    private static readonly Dictionary<string, string> UnitSuffixes = new(StringComparer.Ordinal)
    {
        ["s"] = "_seconds",
        ["ms"] = "_milliseconds",
        ["us"] = "_microseconds",
        ["ns"] = "_nanoseconds",
        ["By"] = "_bytes",
    };

    private const string TotalSuffix = "_total";

    /// <summary>
    /// The exposed family name of an instrument: "ktruth.wait-time" with unit "s" exposed as a
    /// counter becomes "ktruth_wait_time_seconds_total".
    /// </summary>
    public static string ForInstrument(Instrument instrument, MetricType type)
    {
        var name = SanitizeMetricName(instrument.Name);
        var isCounter = type == MetricType.Counter;
        if (isCounter && name.EndsWith(TotalSuffix, StringComparison.Ordinal))
        {
            // Strip so the unit lands before _total: "x_total" in seconds is "x_seconds_total".
            name = name[..^TotalSuffix.Length];
        }

        if (instrument.Unit is { } unit
            && UnitSuffixes.TryGetValue(unit, out var suffix)
            && !name.EndsWith(suffix, StringComparison.Ordinal))
        {
            name += suffix;
        }

        return isCounter ? name + TotalSuffix : name;
    }

    /// <summary>Replaces every character outside the metric charset (dots, dashes, …) with '_'.</summary>
    public static string SanitizeMetricName(string name) => Sanitize(name, allowColon: true);

    /// <summary>
    /// Replaces every character outside the label charset with '_' and collapses a leading "__"
    /// (reserved for Prometheus) to "_": "__x" becomes "_x", "http.route" becomes "http_route".
    /// </summary>
    public static string SanitizeLabelName(string name)
    {
        var sanitized = Sanitize(name, allowColon: false);
        return sanitized.StartsWith("__", StringComparison.Ordinal)
            ? "_" + sanitized.TrimStart('_')
            : sanitized;
    }

    public static bool IsValidMetricName(string name) =>
        name.Length > 0 && IsNameStart(name[0]) && name.All(c => IsNameChar(c, allowColon: true));

    public static bool IsValidLabelName(string name) =>
        name.Length > 0
        && name[0] != ':' && IsNameStart(name[0])
        && name.All(c => IsNameChar(c, allowColon: false))
        && !name.StartsWith("__", StringComparison.Ordinal);

    private static string Sanitize(string name, bool allowColon)
    {
        if (name.Length == 0)
        {
            return "_";
        }

        var chars = name.Select(c => IsNameChar(c, allowColon) ? c : '_');
        var result = string.Concat(chars);
        return char.IsAsciiDigit(result[0]) ? "_" + result : result;
    }

    private static bool IsNameStart(char c) => char.IsAsciiLetter(c) || c == '_' || c == ':';

    private static bool IsNameChar(char c, bool allowColon) =>
        char.IsAsciiLetterOrDigit(c) || c == '_' || (allowColon && c == ':');
}
