using System.CommandLine;
using System.CommandLine.Parsing;

namespace KernelTruth.Cli.Output;

/// <summary>
/// The one `-o/--output FORMAT` option of every command that prints structured output. A format the command cannot
/// write is a parse error naming the ones it can. The older switches (`--json`, `--csv`) stay as shorthands.
/// </summary>
internal static class OutputFormatOption
{
    public const string Name = "--output";

    public static Option<OutputFormat?> Create(params OutputFormat[] accepted)
    {
        string names = string.Join("|", accepted.Select(Text));
        return new Option<OutputFormat?>(Name, "-o")
        {
            Description = $"what to print: {names} (default: table)",
            HelpName = names,
            CustomParser = r =>
            {
                string text = r.Tokens.Single().Value;
                if (TryParse(text, out var format) && accepted.Contains(format))
                {
                    return format;
                }

                r.AddError($"-o/--output '{text}' is not one of {string.Join(", ", accepted.Select(Text))}");
                return null;
            },
        };
    }

    public static bool TryParse(string text, out OutputFormat format)
    {
        format = default;
        return text.Length > 0 && text.All(char.IsAsciiLetterLower) && Enum.TryParse(text, ignoreCase: true, out format);
    }

    public static string Text(OutputFormat format) => format.ToString().ToLowerInvariant();

    /// <summary>-o when given; else <paramref name="shorthand"/> when its switch (`--json`, `--csv`) is set; else table.</summary>
    public static OutputFormat Resolve(SymbolResult r, params (string Switch, OutputFormat Format)[] shorthand) =>
        r.GetValue<OutputFormat?>(Name)
        ?? shorthand.Where(s => r.GetValue<bool>(s.Switch)).Select(s => (OutputFormat?)s.Format).FirstOrDefault()
        ?? OutputFormat.Table;
}
