using System.Text.RegularExpressions;

namespace KernelTruth.Deploy.Tests.Monitoring;

/// <summary>
/// The metric names a PromQL expression selects, found without a full parser: string literals, label matchers,
/// range and subquery brackets, grouping label lists (by, without, on, ignoring, group_left/right) and Grafana
/// variables are blanked out; what remains that looks like an identifier, is not followed by "(" (a function or
/// aggregation) and is not a keyword, is a metric name. Example: <c>sum by (le) (rate(a_bucket{x="y"}[5m])) /
/// ignoring (le) b offset 5m</c> → a_bucket, b.
/// </summary>
internal static partial class PromQlNames
{
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "and", "or", "unless", "bool", "offset", "by", "without", "on", "ignoring", "group_left", "group_right", "inf", "nan", "Inf", "NaN",
    };

    public static IReadOnlySet<string> MetricNames(string expr)
    {
        string s = Strings().Replace(expr, " ");
        s = Matchers().Replace(s, " ");
        s = Ranges().Replace(s, " ");
        s = Grouping().Replace(s, " ");
        s = Variables().Replace(s, " ");
        return Identifiers().Matches(s).Select(m => m.Value).Where(n => !Keywords.Contains(n)).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The metric a Grafana variable query asks for: <c>label_values(metric{…}, label)</c> → metric; else the query's names.</summary>
    public static IReadOnlySet<string> VariableQueryNames(string query)
    {
        var m = LabelValues().Match(query);
        return m.Success ? MetricNames(m.Groups["expr"].Value) : MetricNames(query);
    }

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`")]
    private static partial Regex Strings();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Matchers();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex Ranges();

    [GeneratedRegex(@"(?<![A-Za-z0-9_:])(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")]
    private static partial Regex Grouping();

    [GeneratedRegex(@"\$\{?[A-Za-z_][A-Za-z0-9_]*\}?")]
    private static partial Regex Variables();

    [GeneratedRegex(@"(?<![A-Za-z0-9_:.])[A-Za-z_:][A-Za-z0-9_:]*(?![A-Za-z0-9_:])(?!\s*\()")]
    private static partial Regex Identifiers();

    [GeneratedRegex(@"^\s*label_values\(\s*(?<expr>.+),\s*[A-Za-z_][A-Za-z0-9_]*\s*\)\s*$", RegexOptions.Singleline)]
    private static partial Regex LabelValues();
}
