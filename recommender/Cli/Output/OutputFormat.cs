using System.CommandLine;
using System.CommandLine.Parsing;

namespace KernelTruth.Cli.Output;

/// <summary>
/// `-o`/`--output`: how a command prints what it found, with the names kubectl and KRR use. Every command that
/// prints a listing takes this one option, so `-o yaml` means the same everywhere.
/// </summary>
internal enum OutputFormat
{
    /// <summary>Aligned columns for a person (kubectl's default).</summary>
    Table,

    /// <summary>The table with more columns (kubectl's `-o wide`).</summary>
    Wide,

    Json,

    Yaml,

    /// <summary>One header line, then one line per row; plain units, an empty cell is "not set".</summary>
    Csv,
}

/// <summary>Creates and reads the `-o` option.</summary>
internal static class OutputFormatOption
{
    public const string Name = "--output";

    public static readonly IReadOnlyList<string> Names = ["table", "wide", "json", "yaml", "csv"];

    /// <summary>
    /// `-o table|wide|json|yaml|csv`; not given is null, which callers read as <see cref="OutputFormat.Table"/> (nullable
    /// so that the help says "table" rather than the enum's "Table"). An unknown name is a parse error that lists the
    /// valid ones (a usage error, like any bad flag).
    /// </summary>
    public static Option<OutputFormat?> Create(string description = "table (default), wide, json, yaml or csv") => new(Name, "-o")
    {
        Description = description,
        HelpName = "table|wide|json|yaml|csv",
        CustomParser = Parse,
    };

    public static bool TryParse(string? text, out OutputFormat format)
    {
        int index = text is null ? -1 : Names.ToList().IndexOf(text.ToLowerInvariant());
        format = index >= 0 ? (OutputFormat)index : OutputFormat.Table;
        return index >= 0;
    }

    private static OutputFormat? Parse(ArgumentResult result)
    {
        string text = result.Tokens.Single().Value;
        if (TryParse(text, out var format))
        {
            return format;
        }

        result.AddError($"-o '{text}' is not an output format: use {string.Join(", ", Names)}");
        return OutputFormat.Table;
    }
}
