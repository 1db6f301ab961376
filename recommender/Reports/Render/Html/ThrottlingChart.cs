using System.Text;
using KernelTruth.Reports.Model;
using static KernelTruth.Reports.Render.Html.HtmlText;

namespace KernelTruth.Reports.Render.Html;

/// <summary>
/// Throttled periods before (measured at today's limit) and after (predicted at the recommended
/// limit), two bars per workload, for the <see cref="MaxWorkloads"/> most throttled. A dashed line
/// marks the SLO (1 % of periods by default). With nothing throttled it says so in words.
/// </summary>
internal static class ThrottlingChart
{
    public const int MaxWorkloads = 15;
    private const int Width = 760;
    private const int LabelWidth = 260;
    private const int Row = 30;

    public static void Write(StringBuilder sb, IReadOnlyList<ReportRow> rows, double slo)
    {
        var worst = rows
            .Where(r => (r.Before?.ThrottledPeriodsRatio ?? 0) > 0 || (r.After?.ThrottledPeriodsRatio ?? 0) > 0)
            .OrderByDescending(r => Math.Max(r.Before?.ThrottledPeriodsRatio ?? 0, r.After?.ThrottledPeriodsRatio ?? 0))
            .Take(MaxWorkloads)
            .ToList();
        int height = Math.Max(worst.Count, 1) * Row + 24;
        sb.Append($"<svg id=\"throttling-chart\" class=\"chart\" width=\"{Width}\" height=\"{height}\" viewBox=\"0 0 {Width} {height}\" role=\"img\" aria-label=\"Throttled periods before and after\">");
        if (worst.Count == 0)
        {
            sb.Append("<text class=\"label\" x=\"10\" y=\"20\">No workload is throttled today or predicted to be after the change.</text></svg>");
            return;
        }

        double max = Math.Max(worst.Max(r => Math.Max(r.Before?.ThrottledPeriodsRatio ?? 0, r.After?.ThrottledPeriodsRatio ?? 0)), slo) * 1.1;
        double plot = Width - LabelWidth - 70;
        double X(double ratio) => LabelWidth + 5 + (ratio / max * plot);
        for (int i = 0; i < worst.Count; i++)
        {
            ReportRow r = worst[i];
            double y = 4 + (i * Row);
            string name = $"{r.Facts.Namespace}/{r.Facts.Name} {r.Facts.Container}";
            sb.Append($"<text class=\"label\" x=\"{LabelWidth}\" y=\"{N(y + 17)}\" text-anchor=\"end\">{Label(name, 38)}</text>");
            Bar(sb, "bar-before", X(0), y + 3, r.Before?.ThrottledPeriodsRatio, X, $"{name}: before {Figures.Percent(r.Before?.ThrottledPeriodsRatio)}");
            Bar(sb, "bar-after", X(0), y + 15, r.After?.ThrottledPeriodsRatio, X, $"{name}: after {Figures.Percent(r.After?.ThrottledPeriodsRatio)}");
        }

        double axis = height - 18;
        sb.Append($"<line class=\"zero\" x1=\"{N(X(0))}\" y1=\"0\" x2=\"{N(X(0))}\" y2=\"{N(axis)}\"/>");
        sb.Append($"<line class=\"slo\" x1=\"{N(X(slo))}\" y1=\"0\" x2=\"{N(X(slo))}\" y2=\"{N(axis)}\"/>");
        sb.Append($"<text class=\"value\" x=\"{N(X(slo))}\" y=\"{N(axis + 14)}\" text-anchor=\"middle\">SLO {Escape(Figures.Percent(slo))}</text>");
        sb.Append($"<text class=\"value\" x=\"{N(X(max / 1.1))}\" y=\"{N(axis + 14)}\" text-anchor=\"end\">{Escape(Figures.Percent(max / 1.1))}</text>");
        sb.Append("</svg>");
    }

    private static void Bar(StringBuilder sb, string css, double x0, double y, double? ratio, Func<double, double> x, string title)
    {
        double w = ratio is double v ? Math.Max(x(v) - x0, 1) : 0;
        if (w > 0)
        {
            sb.Append($"<rect class=\"{css}\" x=\"{N(x0)}\" y=\"{N(y)}\" width=\"{N(w)}\" height=\"10\"><title>{Escape(title)}</title></rect>");
            sb.Append($"<text class=\"value\" x=\"{N(x0 + w + 4)}\" y=\"{N(y + 9)}\">{Escape(Figures.Percent(ratio))}</text>");
        }
    }
}
