namespace KernelTruth.Reports.Model;

/// <summary>
/// A finished report: rows sorted by savings (largest first), totals per group sorted the same way,
/// the summary, and what was priced how. Renderers only format it; every number is decided here.
/// </summary>
public sealed record Report
{
    /// <summary>The format version of the JSON rendering.</summary>
    public const int CurrentVersion = 1;

    public required DateTimeOffset GeneratedAt { get; init; }

    /// <summary>Where the data came from, e.g. "workload profiles (-)".</summary>
    public required string Source { get; init; }

    public required Grouping Grouping { get; init; }

    public required PriceBook Prices { get; init; }

    public required ReportTotals Summary { get; init; }

    public required IReadOnlyList<ReportTotals> Groups { get; init; }

    public required IReadOnlyList<ReportRow> Rows { get; init; }

    /// <summary>
    /// The shortest and the longest window a row's figures cover, seconds; null when no row says. Every format shows it:
    /// 20 minutes of history is not a week's, and the confidence column only hints at that.
    /// </summary>
    public (double Shortest, double Longest)? ObservedSeconds
    {
        get
        {
            var windows = Rows.Select(r => r.Facts.WindowSeconds).OfType<double>().Where(s => s > 0).ToList();
            return windows.Count == 0 ? null : (windows.Min(), windows.Max());
        }
    }

    /// <summary>Input left out, and why (e.g. a profile with no status yet).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}
