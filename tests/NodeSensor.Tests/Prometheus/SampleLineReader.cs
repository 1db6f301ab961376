using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace KernelTruth.NodeSensor.Tests.Prometheus;

/// <summary>
/// Reads one sample line, <c>name{label="value",…} value [timestamp]</c>, rejecting anything the
/// text format 0.0.4 does not allow (and, stricter than Prometheus, stray whitespace, a trailing
/// comma in the label list and non-canonical spellings of special values).
/// </summary>
internal static partial class SampleLineReader
{
    public static ParsedSample Read(string line, int lineNumber)
    {
        var pos = 0;
        var name = ReadWhile(line, ref pos, c => char.IsAsciiLetterOrDigit(c) || c is '_' or ':');
        if (!MetricNameRegex().IsMatch(name))
        {
            throw Fail(lineNumber, $"bad metric name '{name}'");
        }

        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (pos < line.Length && line[pos] == '{')
        {
            pos++;
            ReadLabels(line, ref pos, labels, lineNumber);
        }

        Expect(line, ref pos, ' ', lineNumber, "a space before the value");
        var valueText = ReadWhile(line, ref pos, c => c != ' ');
        var value = ParseValue(valueText, lineNumber);
        if (pos < line.Length)
        {
            pos++;
            var timestamp = line[pos..];
            if (!TimestampRegex().IsMatch(timestamp))
            {
                throw Fail(lineNumber, $"bad timestamp '{timestamp}'");
            }
        }

        return new ParsedSample(name, labels, value, lineNumber);
    }

    /// <summary>Go-float text as Prometheus writes it; also used for histogram "le" values.</summary>
    public static double ParseValue(string text, int lineNumber) => text switch
    {
        "NaN" => double.NaN,
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        _ when NumberRegex().IsMatch(text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
        _ => throw Fail(lineNumber, $"bad value '{text}'"),
    };

    public static PrometheusParseException Fail(int lineNumber, string message) =>
        new($"line {lineNumber}: {message}");

    private static void ReadLabels(string line, ref int pos, Dictionary<string, string> labels, int lineNumber)
    {
        if (pos < line.Length && line[pos] == '}')
        {
            pos++;
            return;
        }

        while (true)
        {
            var labelName = ReadWhile(line, ref pos, c => char.IsAsciiLetterOrDigit(c) || c == '_');
            if (!LabelNameRegex().IsMatch(labelName) || labelName.StartsWith("__", StringComparison.Ordinal))
            {
                throw Fail(lineNumber, $"bad label name '{labelName}'");
            }

            Expect(line, ref pos, '=', lineNumber, $"'=' after label {labelName}");
            Expect(line, ref pos, '"', lineNumber, $"'\"' opening the value of label {labelName}");
            var value = ReadQuoted(line, ref pos, lineNumber);
            if (!labels.TryAdd(labelName, value))
            {
                throw Fail(lineNumber, $"label {labelName} given twice");
            }

            if (pos < line.Length && line[pos] == '}')
            {
                pos++;
                return;
            }

            // An unescaped quote inside a value ends it early and lands here on the next character.
            Expect(line, ref pos, ',', lineNumber, "',' or '}' after a label value (unescaped quote?)");
        }
    }

    private static string ReadQuoted(string line, ref int pos, int lineNumber)
    {
        var value = new StringBuilder();
        while (pos < line.Length)
        {
            var c = line[pos++];
            if (c == '"')
            {
                return value.ToString();
            }

            if (c != '\\')
            {
                value.Append(c);
                continue;
            }

            if (pos >= line.Length)
            {
                break;
            }

            value.Append(line[pos++] switch
            {
                '\\' => '\\',
                '"' => '"',
                'n' => '\n',
                var other => throw Fail(lineNumber, $"unknown escape '\\{other}' in a label value"),
            });
        }

        throw Fail(lineNumber, "unterminated label value");
    }

    private static string ReadWhile(string line, ref int pos, Func<char, bool> accept)
    {
        var start = pos;
        while (pos < line.Length && accept(line[pos]))
        {
            pos++;
        }

        return line[start..pos];
    }

    private static void Expect(string line, ref int pos, char expected, int lineNumber, string what)
    {
        if (pos >= line.Length || line[pos] != expected)
        {
            throw Fail(lineNumber, $"expected {what} at column {pos + 1}");
        }

        pos++;
    }

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*$")]
    private static partial Regex MetricNameRegex();

    [GeneratedRegex("^[a-zA-Z_][a-zA-Z0-9_]*$")]
    private static partial Regex LabelNameRegex();

    [GeneratedRegex(@"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")]
    private static partial Regex NumberRegex();

    [GeneratedRegex(@"^-?\d+$")]
    private static partial Regex TimestampRegex();
}
