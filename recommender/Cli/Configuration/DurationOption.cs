using System.CommandLine;
using System.CommandLine.Parsing;
using KernelTruth.Contracts.Units;

namespace KernelTruth.Cli.Configuration;

/// <summary>Options that take a duration as people type them: 500ms, 30s, 2m, 1h.</summary>
internal static class DurationOption
{
    /// <summary>
    /// A nullable option, so the help shows the default from the description ("default: 1s") rather
    /// than TimeSpan's "00:00:01"; callers apply the default. A bad value is a parse error naming it.
    /// </summary>
    public static Option<TimeSpan?> Create(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "duration",
        CustomParser = Parse,
    };

    /// <summary>
    /// --seconds N, the name `recommend` and `record` used before every command took --duration: hidden from the help,
    /// still accepted, with a warning (<see cref="WarnIfDeprecatedSeconds"/>).
    /// </summary>
    public static Option<double?> DeprecatedSeconds() => new("--seconds")
    {
        Description = "deprecated: use --duration (e.g. --duration 30s)",
        Hidden = true,
    };

    /// <summary>--duration's value in seconds, else the deprecated --seconds, else <paramref name="defaultValue"/>.</summary>
    public static double Seconds(SymbolResult r, TimeSpan defaultValue) =>
        r.GetValue<TimeSpan?>("--duration")?.TotalSeconds ?? r.GetValue<double?>("--seconds") ?? defaultValue.TotalSeconds;

    public static void WarnIfDeprecatedSeconds(SymbolResult r, TextWriter error)
    {
        if (r.GetValue<double?>("--seconds") is { } seconds)
        {
            error.WriteLine($"ktruth: warning: --seconds is deprecated and will be removed; use --duration {seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}s");
        }
    }

    private static TimeSpan? Parse(ArgumentResult result)
    {
        string text = result.Tokens.Single().Value;
        if (DurationParser.TryParse(text, out var value))
        {
            return value;
        }

        result.AddError($"{OptionName(result)} '{text}' is not a duration such as 500ms, 30s or 2m");
        return null;
    }

    private static string OptionName(ArgumentResult result) =>
        result.Parent is OptionResult option ? option.Option.Name : "duration";
}
