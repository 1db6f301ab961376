using KernelTruth.Reports.Model;
using KernelTruth.Reports.Render;

namespace KernelTruth.Cli.Configuration;

/// <summary>What `ktruth report` was asked to do. Exactly one source: --from-state, --from or --from-snapshots.</summary>
internal sealed record ReportSettings
{
    /// <summary>--from-state: a `ktruth watch --state` file.</summary>
    public string? FromState { get; init; }

    /// <summary>--from: WorkloadProfile list JSON (`kubectl get ktp -A -o json`), "-" for stdin.</summary>
    public string? From { get; init; }

    /// <summary>--from-snapshots: recorded sensor snapshots, files or directories.</summary>
    public IReadOnlyList<string> FromSnapshots { get; init; } = [];

    /// <summary>--format: html, md, csv or json. Default: from --out's extension, else md.</summary>
    public string? Format { get; init; }

    /// <summary>--out: written atomically; default stdout.</summary>
    public string? Out { get; init; }

    /// <summary>--group-by: namespace (default), workload or label:KEY.</summary>
    public string GroupBy { get; init; } = "namespace";

    /// <summary>--cpu-hour: price per vCPU-hour. Default $0.031611 (OpenCost); valid ≥ 0.</summary>
    public double? CpuHour { get; init; }

    /// <summary>--gib-hour: price per GiB-hour of memory. Default $0.004237 (OpenCost); valid ≥ 0.</summary>
    public double? GibHour { get; init; }

    /// <summary>--prices: YAML price file with per-node-pool prices.</summary>
    public string? Prices { get; init; }

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        int sources = (FromState is null ? 0 : 1) + (From is null ? 0 : 1) + (FromSnapshots.Count == 0 ? 0 : 1);
        if (sources != 1)
        {
            errors.Add("give exactly one of --from-state FILE, --from FILE|- (kubectl get ktp -A -o json) or --from-snapshots DIR|FILE...");
        }

        if (Format is not null && !ReportRenderers.Names.Contains(Format) && Format != "markdown")
        {
            errors.Add($"--format must be one of {string.Join(", ", ReportRenderers.Names)} (was '{Format}')");
        }

        try
        {
            Grouping.Parse(GroupBy);
        }
        catch (ArgumentException ex)
        {
            errors.Add(ex.Message.Split(" (Parameter", 2)[0]);
        }

        if (CpuHour is double cpu && !(cpu >= 0 && double.IsFinite(cpu)))
        {
            errors.Add($"--cpu-hour must be a price ≥ 0 (was {cpu})");
        }

        if (GibHour is double gib && !(gib >= 0 && double.IsFinite(gib)))
        {
            errors.Add($"--gib-hour must be a price ≥ 0 (was {gib})");
        }

        return errors;
    }

    /// <summary>--format, or the one --out's extension implies, else Markdown (readable in a terminal).</summary>
    public ReportFormat ResolveFormat() => Format is not null
        ? ReportRenderers.Parse(Format)
        : Path.GetExtension(Out ?? "").ToLowerInvariant() switch
        {
            ".html" or ".htm" => ReportFormat.Html,
            ".csv" => ReportFormat.Csv,
            ".json" => ReportFormat.Json,
            _ => ReportFormat.Markdown,
        };
}
