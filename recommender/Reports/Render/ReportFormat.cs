namespace KernelTruth.Reports.Render;

public enum ReportFormat
{
    Html,
    Markdown,
    Csv,
    Json,
}
