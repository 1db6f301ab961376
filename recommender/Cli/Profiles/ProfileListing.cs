using System.Globalization;
using KernelTruth.Cli.Output;
using KernelTruth.Reports.Render;

namespace KernelTruth.Cli.Profiles;

/// <summary>
/// `ktruth get` as text: a kubectl-style table (upper-case headers, columns padded with three spaces, no borders),
/// `-o wide` with more columns, or CSV in plain units. Arrows read "now → recommended" (CPU, memory, $ per month) and
/// "now → predicted" (throttled periods at the recommended limit); "-" is "not known yet".
/// </summary>
internal static class ProfileListing
{
    private const string Missing = "-";

    private static readonly string[] CsvColumns =
    [
        "namespace", "kind", "name", "container",
        "cpu_request_now", "cpu_request_recommended", "cpu_limit_now", "cpu_limit_recommended",
        "memory_request_now", "memory_request_recommended", "memory_limit_now", "memory_limit_recommended",
        "throttled_now", "throttled_predicted", "confidence", "monthly_cost_now", "monthly_cost_recommended",
        "pods", "window_seconds", "last_updated",
    ];

    public static void Write(IReadOnlyList<ProfileRow> rows, OutputFormat format, bool allNamespaces, TextWriter o)
    {
        if (format == OutputFormat.Csv)
        {
            WriteCsv(rows, o);
            return;
        }

        bool wide = format == OutputFormat.Wide;
        var table = new List<string[]> { Headers(wide, allNamespaces) };
        table.AddRange(rows.Select(r => Cells(r, wide, allNamespaces)));
        WriteAligned(table, o);
    }

    private static string[] Headers(bool wide, bool allNamespaces)
    {
        var h = new List<string>();
        if (allNamespaces)
        {
            h.Add("NAMESPACE");
        }

        h.AddRange(["WORKLOAD", "CONTAINER", "CPU REQUEST", "CPU LIMIT", "THROTTLED", "CONFIDENCE", "$/MONTH"]);
        if (wide)
        {
            h.AddRange(["MEMORY REQUEST", "MEMORY LIMIT", "USAGE AVG", "DEMAND P99", "THROTTLE WAIT P99", "PODS", "WINDOW", "UPDATED"]);
        }

        return [.. h];
    }

    private static string[] Cells(ProfileRow r, bool wide, bool allNamespaces)
    {
        var f = r.Facts;
        bool recommended = r.Profile.Status?.Recommendation is not null;
        var c = new List<string>();
        if (allNamespaces)
        {
            c.Add(f.Namespace);
        }

        c.AddRange(
        [
            r.Workload,
            f.Container.Length > 0 ? f.Container : Missing,
            Arrow(Figures.Cpu(f.Current.CpuRequestCores), recommended ? Figures.Cpu(f.Recommended.CpuRequestCores) : Missing),
            Arrow(Figures.Cpu(f.Current.CpuLimitCores), recommended ? Figures.Cpu(f.Recommended.CpuLimitCores) : Missing),
            Arrow(f.ThrottledPeriodsRatio is null ? Missing : Figures.Percent(f.ThrottledPeriodsRatio), f.StatedPrediction is { } p ? Figures.Percent(p.ThrottledPeriodsRatio) : Missing),
            f.Confidence is null ? Missing : Figures.Confidence(f.Confidence),
            Arrow(Figures.Money(r.MonthlyCostNow), r.MonthlyCostRecommended is double rec ? Figures.Money(rec) : Missing),
        ]);
        if (wide)
        {
            c.AddRange(
            [
                Arrow(Figures.Memory(f.Current.MemoryRequestBytes), recommended ? Figures.Memory(f.Recommended.MemoryRequestBytes) : Missing),
                Arrow(Figures.Memory(f.Current.MemoryLimitBytes), recommended ? Figures.Memory(f.Recommended.MemoryLimitBytes) : Missing),
                f.UsageAverageCores is null ? Missing : Figures.Cores(f.UsageAverageCores),
                f.DemandP99Cores is null ? Missing : Figures.Cores(f.DemandP99Cores),
                f.ThrottleWaitP99Seconds is null ? Missing : Figures.Millis(f.ThrottleWaitP99Seconds),
                f.Pods.ToString(CultureInfo.InvariantCulture),
                f.WindowSeconds is double w && w > 0 ? ObservationWindow.Short(w) : Missing,
                r.Profile.Status?.LastUpdated ?? Missing,
            ]);
        }

        return [.. c];
    }

    private static string Arrow(string now, string next) => $"{now} → {next}";

    /// <summary>Each column as wide as its widest cell, three spaces between, no trailing blanks (as kubectl prints).</summary>
    private static void WriteAligned(List<string[]> table, TextWriter o)
    {
        int columns = table[0].Length;
        int[] widths = new int[columns];
        foreach (string[] row in table)
        {
            for (int i = 0; i < columns; i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Length);
            }
        }

        foreach (string[] row in table)
        {
            string line = string.Concat(row.Select((cell, i) => i == columns - 1 ? cell : cell.PadRight(widths[i] + 3)));
            o.Write(line.TrimEnd());
            o.Write('\n');
        }
    }

    private static void WriteCsv(IReadOnlyList<ProfileRow> rows, TextWriter o)
    {
        o.Write(string.Join(',', CsvColumns));
        o.Write("\r\n");
        foreach (ProfileRow r in rows)
        {
            var f = r.Facts;
            bool recommended = r.Profile.Status?.Recommendation is not null;
            string[] cells =
            [
                CsvReport.Text(f.Namespace), CsvReport.Text(f.Kind), CsvReport.Text(f.Name), CsvReport.Text(f.Container),
                Figures.Plain(f.Current.CpuRequestCores, 4), recommended ? Figures.Plain(f.Recommended.CpuRequestCores, 4) : "",
                Figures.Plain(f.Current.CpuLimitCores, 4), recommended ? Figures.Plain(f.Recommended.CpuLimitCores, 4) : "",
                Figures.Plain(f.Current.MemoryRequestBytes), recommended ? Figures.Plain(f.Recommended.MemoryRequestBytes) : "",
                Figures.Plain(f.Current.MemoryLimitBytes), recommended ? Figures.Plain(f.Recommended.MemoryLimitBytes) : "",
                Figures.Plain(f.ThrottledPeriodsRatio, 6), Figures.Plain(f.StatedPrediction?.ThrottledPeriodsRatio, 6), Figures.Plain(f.Confidence, 3),
                Figures.Plain(r.MonthlyCostNow, 2), Figures.Plain(r.MonthlyCostRecommended, 2),
                Figures.Plain(f.Pods), Figures.Plain(f.WindowSeconds, 0), CsvReport.Text(r.Profile.Status?.LastUpdated ?? ""),
            ];
            o.Write(string.Join(',', cells));
            o.Write("\r\n");
        }
    }
}
