using System.Text.Json;
using System.Text.RegularExpressions;

namespace KernelTruth.Kubernetes.Resources;

/// <summary>
/// System.Text.Json's errors in words about the document: "status.measured.oomKills must be a whole number" rather
/// than "The JSON value could not be converted to System.Int64. Path: $.status.measured.oomKills".
/// </summary>
internal static partial class JsonProblem
{
    public static string Describe(JsonException e)
    {
        string field = e.Path is { Length: > 1 } path ? path.TrimStart('$').TrimStart('.') : "(the document)";
        if (Missing().Match(e.Message) is { Success: true } missing)
        {
            string names = missing.Groups[1].Value.Replace("'", "", StringComparison.Ordinal);
            return field == "(the document)" ? $"{names} is required" : $"{field}.{names} is required";
        }

        return Converted().Match(e.Message) is { Success: true } converted
            ? $"{field} must be {Expected(converted.Groups[1].Value)}"
            : $"{field}: {e.Message.Split(" Path:", 2)[0]}";
    }

    /// <summary>The CLR type STJ names, as the JSON a person should write there.</summary>
    private static string Expected(string clrType) => clrType switch
    {
        _ when clrType.Contains("Int", StringComparison.Ordinal) => "a whole number",
        _ when clrType.Contains("Double", StringComparison.Ordinal) || clrType.Contains("Single", StringComparison.Ordinal) || clrType.Contains("Decimal", StringComparison.Ordinal) => "a number",
        _ when clrType.Contains("Boolean", StringComparison.Ordinal) => "true or false",
        _ when clrType.Contains("DateTime", StringComparison.Ordinal) => "an RFC 3339 time",
        _ when clrType.Contains("Dictionary", StringComparison.Ordinal) => "an object",
        _ when clrType.Contains("List", StringComparison.Ordinal) || clrType.EndsWith("[]", StringComparison.Ordinal) => "a list",
        "System.String" => "a string",
        _ => "an object",
    };

    [GeneratedRegex(@"missing required properties including: (.+?)\.?$", RegexOptions.Multiline)]
    private static partial Regex Missing();

    [GeneratedRegex(@"could not be converted to ([^ ]+?)\. Path")]
    private static partial Regex Converted();
}
