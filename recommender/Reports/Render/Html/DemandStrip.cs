using System.Text;
using KernelTruth.Reports.Model;
using static KernelTruth.Reports.Render.Html.HtmlText;

namespace KernelTruth.Reports.Render.Html;

/// <summary>
/// One workload's per-period demand distribution against its limits, as a small inline SVG:
/// a thin line from 0 to p99, a box from p50 to p95, a dot at the usage average (what
/// metrics-server shows), a red line at today's limit and a green one at the recommended limit.
/// The scale runs to the largest of those figures + 10 %, so every mark is on the strip. A limit
/// that is not set is drawn as nothing and said in the tooltip.
/// </summary>
internal static class DemandStrip
{
    public const int Width = 180;
    public const int Height = 26;

    public static void Write(StringBuilder sb, WorkloadFacts f)
    {
        double[] marks = [f.DemandP99Cores ?? 0, f.DemandP95Cores ?? 0, f.UsageAverageCores ?? 0, f.Current.CpuLimitCores ?? 0, f.Recommended.CpuLimitCores ?? 0];
        double max = marks.Max() * 1.1;
        sb.Append($"<svg class=\"strip\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" role=\"img\">");
        sb.Append("<title>").Append(Escape(Tooltip(f))).Append("</title>");
        if (!(max > 0) || f.DemandP99Cores is null)
        {
            sb.Append("<text x=\"4\" y=\"17\" class=\"nodata\">no demand data</text></svg>");
            return;
        }

        double X(double cores) => 2 + (cores / max * (Width - 4));
        const double mid = Height / 2.0;
        sb.Append($"<line class=\"axis\" x1=\"2\" y1=\"{Height - 2}\" x2=\"{Width - 2}\" y2=\"{Height - 2}\"/>");
        sb.Append($"<line class=\"whisker\" x1=\"{N(X(0))}\" y1=\"{N(mid)}\" x2=\"{N(X(f.DemandP99Cores.Value))}\" y2=\"{N(mid)}\"/>");
        double p50 = f.DemandP50Cores ?? f.DemandP95Cores ?? f.DemandP99Cores.Value;
        double p95 = f.DemandP95Cores ?? f.DemandP99Cores.Value;
        sb.Append($"<rect class=\"box\" x=\"{N(X(p50))}\" y=\"{N(mid - 6)}\" width=\"{N(Math.Max(X(p95) - X(p50), 1.5))}\" height=\"12\"/>");
        sb.Append($"<line class=\"p99\" x1=\"{N(X(f.DemandP99Cores.Value))}\" y1=\"{N(mid - 4)}\" x2=\"{N(X(f.DemandP99Cores.Value))}\" y2=\"{N(mid + 4)}\"/>");
        if (f.UsageAverageCores is double usage)
        {
            sb.Append($"<circle class=\"usage\" cx=\"{N(X(usage))}\" cy=\"{N(mid)}\" r=\"2.5\"/>");
        }

        if (f.Current.CpuLimitCores is double now)
        {
            sb.Append($"<line class=\"limit-now\" x1=\"{N(X(now))}\" y1=\"1\" x2=\"{N(X(now))}\" y2=\"{Height - 1}\"/>");
        }

        if (f.Recommended.CpuLimitCores is double rec)
        {
            sb.Append($"<line class=\"limit-rec\" x1=\"{N(X(rec))}\" y1=\"1\" x2=\"{N(X(rec))}\" y2=\"{Height - 1}\"/>");
        }

        sb.Append("</svg>");
    }

    private static string Tooltip(WorkloadFacts f) =>
        $"{f.Namespace}/{f.Name} {f.Container}: demand p50 {Figures.Cores(f.DemandP50Cores)}, p95 {Figures.Cores(f.DemandP95Cores)}, p99 {Figures.Cores(f.DemandP99Cores)}; usage avg {Figures.Cores(f.UsageAverageCores)}; limit now {Figures.Cpu(f.Current.CpuLimitCores)}, recommended {Figures.Cpu(f.Recommended.CpuLimitCores)}";
}
