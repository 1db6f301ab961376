using System.Text;
using KernelTruth.Reports.Model;
using static KernelTruth.Reports.Render.Html.HtmlText;

namespace KernelTruth.Reports.Render.Html;

/// <summary>
/// Monthly savings per group as horizontal bars from a zero line: green to the right for savings,
/// red to the left where fixing costs more. The <see cref="MaxBars"/> groups with the largest
/// |savings| are drawn; the rest are summed into one "other groups" bar so the total still adds up.
/// </summary>
internal static class SavingsChart
{
    public const int MaxBars = 20;
    private const int Width = 760;
    private const int LabelWidth = 230;
    private const int ValueWidth = 90;
    private const int Row = 22;

    public static void Write(StringBuilder sb, IReadOnlyList<ReportTotals> groups)
    {
        var shown = groups.OrderByDescending(g => Math.Abs(g.MonthlySavings)).ThenBy(g => g.Name, StringComparer.Ordinal).Take(MaxBars).ToList();
        var bars = shown.OrderByDescending(g => g.MonthlySavings).ThenBy(g => g.Name, StringComparer.Ordinal).Select(g => (g.Name, g.MonthlySavings)).ToList();
        if (groups.Count > shown.Count)
        {
            var rest = groups.Except(shown).ToList();
            bars.Add(($"{rest.Count} other groups", rest.Sum(g => g.MonthlySavings)));
        }

        double most = Math.Max(bars.Max(b => Math.Max(b.Item2, 0)), 0);
        double least = Math.Min(bars.Min(b => Math.Min(b.Item2, 0)), 0);
        double span = most - least > 0 ? most - least : 1;
        double plot = Width - LabelWidth - ValueWidth - 10;
        double zero = LabelWidth + 5 + (-least / span * plot);
        int height = (bars.Count * Row) + 10;
        sb.Append($"<svg id=\"savings-chart\" class=\"chart\" width=\"{Width}\" height=\"{height}\" viewBox=\"0 0 {Width} {height}\" role=\"img\" aria-label=\"Monthly savings by group\">");
        for (int i = 0; i < bars.Count; i++)
        {
            var (name, savings) = bars[i];
            double y = 5 + (i * Row);
            double w = Math.Abs(savings) / span * plot;
            double x = savings >= 0 ? zero : zero - w;
            sb.Append($"<text class=\"label\" x=\"{LabelWidth}\" y=\"{N(y + 15)}\" text-anchor=\"end\">{Label(name, 34)}</text>");
            sb.Append($"<rect class=\"{(savings >= 0 ? "bar-save" : "bar-cost")}\" x=\"{N(x)}\" y=\"{N(y + 3)}\" width=\"{N(Math.Max(w, 1))}\" height=\"{Row - 6}\"><title>{Escape(name)}: {Escape(Figures.Money(savings))}/month</title></rect>");
            sb.Append($"<text class=\"value\" x=\"{N(Width - ValueWidth + 5)}\" y=\"{N(y + 15)}\">{Escape(Figures.Money(savings))}</text>");
        }

        sb.Append($"<line class=\"zero\" x1=\"{N(zero)}\" y1=\"0\" x2=\"{N(zero)}\" y2=\"{height}\"/>");
        sb.Append("</svg>");
    }
}
