using KernelTruth.Reports.Model;

namespace KernelTruth.Reports.Render;

/// <summary>Picks the renderer for a format, and parses format names as the command line writes them.</summary>
public static class ReportRenderers
{
    public static IReadOnlyList<string> Names { get; } = ["html", "md", "csv", "json"];

    /// <exception cref="ArgumentException">Unknown name; the message lists the known ones.</exception>
    public static ReportFormat Parse(string name) => name switch
    {
        "html" => ReportFormat.Html,
        "md" or "markdown" => ReportFormat.Markdown,
        "csv" => ReportFormat.Csv,
        "json" => ReportFormat.Json,
        _ => throw new ArgumentException($"--format must be one of {string.Join(", ", Names)} (was '{name}')", nameof(name)),
    };

    public static void Render(Report report, ReportFormat format, TextWriter output)
    {
        switch (format)
        {
            case ReportFormat.Html:
                HtmlReport.Write(report, output);
                break;
            case ReportFormat.Markdown:
                MarkdownReport.Write(report, output);
                break;
            case ReportFormat.Csv:
                CsvReport.Write(report, output);
                break;
            case ReportFormat.Json:
                JsonReport.Write(report, output);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(format), format, "unknown report format");
        }
    }
}
