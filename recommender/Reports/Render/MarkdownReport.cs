using System.Globalization;
using System.Text;
using KernelTruth.Reports.Model;

namespace KernelTruth.Reports.Render;

/// <summary>
/// For pull requests: the summary, totals per group, then one table row per workload container,
/// largest savings first. Arrows read "now → recommended"; VPA's figure is in parentheses.
/// Text from the input is escaped so it cannot become markup, links or HTML.
/// </summary>
internal static class MarkdownReport
{
    public static void Write(Report report, TextWriter o)
    {
        ReportTotals s = report.Summary;
        o.Write("# Right-sizing report\n\n");
        o.Write($"Generated {report.GeneratedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC from {Escape(report.Source)}, {ObservationWindow.Of(report)}; prices {Prices(report.Prices)}.\n\n");
        o.Write("| | per month |\n|---|---:|\n");
        o.Write($"| cost now | {Figures.Money(s.MonthlyCostNow)} |\n");
        o.Write($"| cost recommended | {Figures.Money(s.MonthlyCostRecommended)} |\n");
        o.Write($"| **savings** | **{Figures.Money(s.MonthlySavings)}** |\n");
        o.Write($"| workloads | {s.Workloads} ({s.AtRisk} at risk, {s.CostsMore} cost more to fix) |\n\n");

        o.Write($"## By {Escape(report.Grouping.Spec)}\n\n");
        o.Write("| group | workloads | now | recommended | savings | at risk |\n|---|---:|---:|---:|---:|---:|\n");
        foreach (ReportTotals g in report.Groups)
        {
            o.Write($"| {Escape(g.Name)} | {g.Workloads} | {Figures.Money(g.MonthlyCostNow)} | {Figures.Money(g.MonthlyCostRecommended)} | {Figures.Money(g.MonthlySavings)} | {g.AtRisk} |\n");
        }

        o.Write("\n## Workloads\n\n");
        o.Write("| workload | container | CPU request now → rec (VPA) | CPU limit now → rec | memory request now → rec (VPA) | memory limit now → rec | usage avg | demand p95 / p99 | throttled | throttle wait p99 | contention wait p99 | OOM | confidence | cost now → rec | savings | throttled after | risks |\n");
        o.Write("|---|---|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        foreach (ReportRow r in report.Rows)
        {
            WorkloadFacts f = r.Facts;
            var line = new StringBuilder(400);
            line.Append("| ").Append(Escape(f.DisplayName))
                .Append(" | ").Append(Escape(f.Container))
                .Append(" | ").Append(Figures.Cpu(f.Current.CpuRequestCores)).Append(" → ").Append(Figures.Cpu(f.Recommended.CpuRequestCores)).Append(" (").Append(Figures.Cpu(f.Baseline.CpuRequestCores, Figures.Unknown)).Append(')')
                .Append(" | ").Append(Figures.Cpu(f.Current.CpuLimitCores)).Append(" → ").Append(Figures.Cpu(f.Recommended.CpuLimitCores))
                .Append(" | ").Append(Figures.Memory(f.Current.MemoryRequestBytes)).Append(" → ").Append(Figures.Memory(f.Recommended.MemoryRequestBytes)).Append(" (").Append(Figures.Memory(f.Baseline.MemoryRequestBytes, Figures.Unknown)).Append(')')
                .Append(" | ").Append(Figures.Memory(f.Current.MemoryLimitBytes)).Append(" → ").Append(Figures.Memory(f.Recommended.MemoryLimitBytes))
                .Append(" | ").Append(Figures.Cores(f.UsageAverageCores))
                .Append(" | ").Append(Figures.Cores(f.DemandP95Cores)).Append(" / ").Append(Figures.Cores(f.DemandP99Cores))
                .Append(" | ").Append(Figures.Percent(f.ThrottledPeriodsRatio))
                .Append(" | ").Append(Figures.Millis(f.ThrottleWaitP99Seconds))
                .Append(" | ").Append(Figures.Millis(f.ContentionWaitP99Seconds))
                .Append(" | ").Append(Figures.Count(f.OomKills))
                .Append(" | ").Append(Figures.Confidence(f.Confidence))
                .Append(" | ").Append(Figures.Money(r.MonthlyCostNow)).Append(" → ").Append(Figures.Money(r.MonthlyCostRecommended))
                .Append(" | ").Append(Figures.Money(r.MonthlySavings))
                .Append(" | ").Append(After(r.After))
                .Append(" | ").Append(string.Join(", ", RiskRules.Names(r.Risks)))
                .Append(" |\n");
            o.Write(line.ToString());
        }

        Starts(report, o);
        if (report.Notes.Count > 0)
        {
            o.Write("\n## Left out\n\n");
            foreach (string note in report.Notes)
            {
                o.Write($"- {Escape(note)}\n");
            }
        }
    }

    /// <summary>Container starts, for the workloads whose starts were seen: how long they take and what fixes a throttled one.</summary>
    private static void Starts(Report report, TextWriter o)
    {
        var rows = report.Rows.Where(r => r.Facts.Startup is not null).ToList();
        if (rows.Count == 0)
        {
            return;
        }

        o.Write("\n## Container starts\n\n");
        o.Write("| workload | container | starts | ready p50 / p90 | startup CPU p50 / p90 | throttled p50 / p90 | startup fix (replayed) |\n|---|---|---:|---:|---:|---:|---|\n");
        foreach (ReportRow r in rows)
        {
            StartupFacts s = r.Facts.Startup!;
            o.Write($"| {Escape(r.Facts.DisplayName)} | {Escape(r.Facts.Container)} | {s.Starts} | {Figures.Seconds(s.ReadyP50Seconds)} / {Figures.Seconds(s.ReadyP90Seconds)} | {Figures.CoreSeconds(s.CpuP50CoreSeconds)} / {Figures.CoreSeconds(s.CpuP90CoreSeconds)} | {Figures.Seconds(s.ThrottledP50Seconds)} / {Figures.Seconds(s.ThrottledP90Seconds)} | {Escape(Figures.StartupFix(s.Fix))} |\n");
        }
    }

    internal static string Prices(PriceBook p) => string.Create(
        CultureInfo.InvariantCulture,
        $"${p.Default.CpuCoreHour:0.######}/vCPU-hour, ${p.Default.MemoryGibHour:0.######}/GiB-hour, {p.HoursPerMonth:0.##} h/month") + (p.Pools.Count > 0 ? $" (+{p.Pools.Count} node pools)" : "");

    internal static string After(ThrottleOutlook? after) => after is null ? Figures.Unknown : Figures.Percent(after.ThrottledPeriodsRatio) + (after.Extrapolated ? " (extrapolated)" : "");

    /// <summary>Backslash-escapes Markdown punctuation and entity-encodes &lt; &gt; &amp; (GitHub renders inline HTML).</summary>
    internal static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length + 8);
        foreach (char c in text)
        {
            switch (c)
            {
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '&': sb.Append("&amp;"); break;
                case '\r' or '\n': sb.Append(' '); break;
                case '\\' or '`' or '*' or '_' or '[' or ']' or '|' or '#' or '!' or '~':
                    sb.Append('\\').Append(c);
                    break;
                default: sb.Append(c); break;
            }
        }

        return sb.ToString();
    }
}
