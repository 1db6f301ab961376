using System.Globalization;
using System.Text;
using KernelTruth.Reports.Model;
using KernelTruth.Reports.Render.Html;
using static KernelTruth.Reports.Render.Html.HtmlText;

namespace KernelTruth.Reports.Render;

/// <summary>
/// One self-contained HTML file: inline CSS, inline SVG drawn here, no scripts, no external
/// resources, so it works offline, from a mail attachment or a CI artifact, and prints (A4
/// landscape). Every string from the input goes through <see cref="HtmlText.Escape"/>.
/// </summary>
internal static class HtmlReport
{
    public static void Write(Report report, TextWriter output)
    {
        var sb = new StringBuilder(4096 + (report.Rows.Count * 1500));
        ReportTotals s = report.Summary;
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
        sb.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        sb.Append("<title>kernel-truth right-sizing report</title><style>").Append(ReportStyles.Css).Append("</style></head><body>\n");
        sb.Append("<h1>Right-sizing report</h1>");
        sb.Append("<p class=\"meta\">Generated ").Append(report.GeneratedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture))
            .Append(" UTC from ").Append(Escape(report.Source)).Append(" · ").Append(Escape(ObservationWindow.Of(report))).Append(" · prices ").Append(Escape(MarkdownReport.Prices(report.Prices))).Append("</p>\n");

        sb.Append("<section id=\"summary\" class=\"cards\">");
        Card(sb, "cost now / month", Figures.Money(s.MonthlyCostNow), null);
        Card(sb, "cost recommended / month", Figures.Money(s.MonthlyCostRecommended), null);
        Card(sb, "savings / month", Figures.Money(s.MonthlySavings), s.MonthlySavings < 0 ? "neg" : "pos");
        Card(sb, "workloads", s.Workloads.ToString(CultureInfo.InvariantCulture), null);
        Card(sb, "at risk", s.AtRisk.ToString(CultureInfo.InvariantCulture), s.AtRisk > 0 ? "neg" : null);
        Card(sb, "cost more to fix", s.CostsMore.ToString(CultureInfo.InvariantCulture), null);
        sb.Append("</section>\n");

        sb.Append("<section id=\"groups\"><h2>Savings by ").Append(Escape(report.Grouping.Spec)).Append("</h2>");
        SavingsChart.Write(sb, report.Groups);
        sb.Append("<table><thead><tr><th class=\"t\">group</th><th>workloads</th><th>now</th><th>recommended</th><th>savings</th><th>at risk</th></tr></thead><tbody>");
        foreach (ReportTotals g in report.Groups)
        {
            sb.Append("<tr><td class=\"t\">").Append(Escape(g.Name)).Append("</td><td>").Append(g.Workloads).Append("</td><td>")
                .Append(Figures.Money(g.MonthlyCostNow)).Append("</td><td>").Append(Figures.Money(g.MonthlyCostRecommended)).Append("</td><td")
                .Append(g.MonthlySavings < -0.005 ? " class=\"neg\"" : "").Append('>').Append(Figures.Money(g.MonthlySavings)).Append("</td><td>").Append(g.AtRisk).Append("</td></tr>");
        }

        sb.Append("</tbody></table></section>\n");

        sb.Append("<section id=\"throttling\"><h2>Throttled periods: measured now, predicted after the change</h2>");
        sb.Append("<p class=\"legend\"><span><i style=\"background:#e57373;height:8px\"></i>now (measured)</span><span><i style=\"background:#66bb6a;height:8px\"></i>after (predicted at the recommended limit)</span></p>");
        ThrottlingChart.Write(sb, report.Rows, new RiskRules().ThrottledPeriodsRatio);
        sb.Append("</section>\n");

        sb.Append("<section id=\"workloads\"><h2>Workloads, largest savings first</h2>");
        sb.Append("<p class=\"legend\">Demand per CFS period: <span><i style=\"background:#5c8fd6;height:8px\"></i>p50–p95, line to p99</span><span>● usage average (metrics-server)</span><span><i style=\"background:#c62828\"></i>limit now</span><span><i style=\"background:#2e7d32\"></i>limit recommended</span></p>");
        sb.Append("<table><thead><tr><th class=\"t\">workload</th><th class=\"t\">container</th><th>demand vs limits</th>")
            .Append("<th>CPU request<br>now → rec (VPA)</th><th>CPU limit<br>now → rec</th><th>memory request<br>now → rec (VPA)</th><th>memory limit<br>now → rec</th>")
            .Append("<th>usage avg</th><th>demand<br>p95 / p99</th><th>throttled</th><th>throttle wait<br>p99</th><th>contention wait<br>p99</th><th>OOM</th><th>confidence</th>")
            .Append("<th>cost / month<br>now → rec</th><th>savings</th><th>throttled<br>after</th><th class=\"t\">risks</th></tr></thead><tbody>\n");
        foreach (ReportRow r in report.Rows)
        {
            Row(sb, r);
        }

        sb.Append("</tbody></table></section>\n");
        Starts(sb, report);
        if (report.Notes.Count > 0)
        {
            sb.Append("<section id=\"notes\"><h2>Left out</h2><ul>");
            foreach (string note in report.Notes)
            {
                sb.Append("<li>").Append(Escape(note)).Append("</li>");
            }

            sb.Append("</ul></section>\n");
        }

        sb.Append("<p class=\"meta\">Cost = pods × (CPU request × price per vCPU-hour + memory request in GiB × price per GiB-hour) × hours per month. Savings = now − recommended; negative where a workload is under-provisioned.</p>\n");
        sb.Append("</body></html>\n");
        output.Write(sb.ToString());
    }

    /// <summary>Container starts, for the workloads whose starts were seen (CPU in core-seconds, times in seconds).</summary>
    private static void Starts(StringBuilder sb, Report report)
    {
        var rows = report.Rows.Where(r => r.Facts.Startup is not null).ToList();
        if (rows.Count == 0)
        {
            return;
        }

        sb.Append("<section id=\"starts\"><h2>Container starts</h2><table><thead><tr><th class=\"t\">workload</th><th class=\"t\">container</th><th>starts</th>")
            .Append("<th>ready<br>p50 / p90</th><th>startup CPU<br>p50 / p90</th><th>throttled<br>p50 / p90</th><th class=\"t\">startup fix (replayed)</th></tr></thead><tbody>\n");
        foreach (ReportRow r in rows)
        {
            StartupFacts s = r.Facts.Startup!;
            sb.Append("<tr><td class=\"t\">").Append(Escape(r.Facts.DisplayName)).Append("</td><td class=\"t\">").Append(Escape(r.Facts.Container)).Append("</td>");
            Cell(sb, s.Starts.ToString(CultureInfo.InvariantCulture));
            Cell(sb, $"{Figures.Seconds(s.ReadyP50Seconds)} / {Figures.Seconds(s.ReadyP90Seconds)}");
            Cell(sb, $"{Figures.CoreSeconds(s.CpuP50CoreSeconds)} / {Figures.CoreSeconds(s.CpuP90CoreSeconds)}");
            Cell(sb, $"{Figures.Seconds(s.ThrottledP50Seconds)} / {Figures.Seconds(s.ThrottledP90Seconds)}");
            sb.Append("<td class=\"t\">").Append(Escape(Figures.StartupFix(s.Fix))).Append("</td></tr>\n");
        }

        sb.Append("</tbody></table></section>\n");
    }

    private static void Card(StringBuilder sb, string key, string value, string? css) =>
        sb.Append("<div class=\"card\"><div class=\"v").Append(css is null ? "" : " " + css).Append("\">").Append(Escape(value)).Append("</div><div class=\"k\">").Append(key).Append("</div></div>");

    private static void Row(StringBuilder sb, ReportRow r)
    {
        WorkloadFacts f = r.Facts;
        sb.Append("<tr><td class=\"t\">").Append(Escape(f.DisplayName));
        if (f.Evidence.Count > 0)
        {
            sb.Append("<details><summary>evidence</summary>");
            foreach (string line in f.Evidence)
            {
                sb.Append(Escape(line)).Append("<br>");
            }

            sb.Append("</details>");
        }

        sb.Append("</td><td class=\"t\">").Append(Escape(f.Container)).Append("</td><td>");
        DemandStrip.Write(sb, f);
        sb.Append("</td>");
        Cell(sb, $"{Figures.Cpu(f.Current.CpuRequestCores)} → {Figures.Cpu(f.Recommended.CpuRequestCores)} ({Figures.Cpu(f.Baseline.CpuRequestCores, Figures.Unknown)})");
        Cell(sb, $"{Figures.Cpu(f.Current.CpuLimitCores)} → {Figures.Cpu(f.Recommended.CpuLimitCores)}");
        Cell(sb, $"{Figures.Memory(f.Current.MemoryRequestBytes)} → {Figures.Memory(f.Recommended.MemoryRequestBytes)} ({Figures.Memory(f.Baseline.MemoryRequestBytes, Figures.Unknown)})");
        Cell(sb, $"{Figures.Memory(f.Current.MemoryLimitBytes)} → {Figures.Memory(f.Recommended.MemoryLimitBytes)}");
        Cell(sb, Figures.Cores(f.UsageAverageCores));
        Cell(sb, $"{Figures.Cores(f.DemandP95Cores)} / {Figures.Cores(f.DemandP99Cores)}");
        Cell(sb, Figures.Percent(f.ThrottledPeriodsRatio));
        Cell(sb, Figures.Millis(f.ThrottleWaitP99Seconds));
        Cell(sb, Figures.Millis(f.ContentionWaitP99Seconds));
        Cell(sb, Figures.Count(f.OomKills));
        Cell(sb, Figures.Confidence(f.Confidence));
        Cell(sb, $"{Figures.Money(r.MonthlyCostNow)} → {Figures.Money(r.MonthlyCostRecommended)}");
        sb.Append(r.MonthlySavings < -0.005 ? "<td class=\"neg\">" : "<td>").Append(Escape(Figures.Money(r.MonthlySavings))).Append("</td>");
        Cell(sb, MarkdownReport.After(r.After));
        sb.Append("<td class=\"t\">");
        foreach (string flag in RiskRules.Names(r.Risks))
        {
            sb.Append("<span class=\"flag ").Append(flag).Append("\">").Append(flag).Append("</span>");
        }

        sb.Append("</td></tr>\n");
    }

    private static void Cell(StringBuilder sb, string text) => sb.Append("<td>").Append(Escape(text)).Append("</td>");
}
