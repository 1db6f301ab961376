using System.Text;
using System.Text.RegularExpressions;

namespace KernelTruth.NodeSensor.Tests.Prometheus;

/// <summary>
/// A deliberately strict reader of text format 0.0.4 for tests: it throws
/// <see cref="PrometheusParseException"/> on a missing or duplicate TYPE, TYPE/HELP after
/// samples, non-contiguous families, bad names, bad escapes, duplicate series, inconsistent
/// histograms and a missing trailing newline. Summaries are rejected: the exporter never writes them.
/// </summary>
internal static partial class PrometheusTextParser
{
    private static readonly string[] HistogramSuffixes = ["_bucket", "_sum", "_count"];

    public static ParsedExposition Parse(string text)
    {
        if (text.Length > 0 && !text.EndsWith('\n'))
        {
            throw new PrometheusParseException("the last line does not end with '\\n'");
        }

        if (text.Contains('\r'))
        {
            throw new PrometheusParseException("lines must end with '\\n', not '\\r\\n'");
        }

        var families = new List<ParsedFamily>();
        var byName = new Dictionary<string, ParsedFamily>(StringComparer.Ordinal);
        var series = new HashSet<string>(StringComparer.Ordinal);
        ParsedFamily? current = null;
        var lines = text.Split('\n')[..^1];
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var lineNumber = i + 1;
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith('#'))
            {
                ReadComment(line, lineNumber, families, byName, ref current);
                continue;
            }

            var sample = SampleLineReader.Read(line, lineNumber);
            var family = FamilyOf(sample, byName, lineNumber);
            Enter(family, ref current, lineNumber);
            CheckSampleName(family, sample, lineNumber);
            var key = sample.Name + "{" + string.Join(",", sample.Labels.OrderBy(l => l.Key, StringComparer.Ordinal)
                .Select(l => $"{l.Key}=\"{l.Value}\"")) + "}";
            if (!series.Add(key))
            {
                throw SampleLineReader.Fail(lineNumber, $"series {key} appears twice");
            }

            family.Samples.Add(sample);
        }

        foreach (var family in families.Where(f => f.Type == "histogram"))
        {
            HistogramChecker.Check(family);
        }

        return new ParsedExposition(families);
    }

    private static void ReadComment(
        string line, int lineNumber, List<ParsedFamily> families, Dictionary<string, ParsedFamily> byName, ref ParsedFamily? current)
    {
        var match = MetadataRegex().Match(line);
        if (!match.Success)
        {
            if (line.StartsWith("# HELP", StringComparison.Ordinal) || line.StartsWith("# TYPE", StringComparison.Ordinal))
            {
                throw SampleLineReader.Fail(lineNumber, $"malformed metadata line '{line}'");
            }

            return; // A plain comment.
        }

        var (keyword, name, rest) = (match.Groups[1].Value, match.Groups[2].Value, match.Groups[3].Value);
        if (!MetricNameRegex().IsMatch(name))
        {
            throw SampleLineReader.Fail(lineNumber, $"bad metric name '{name}' in {keyword}");
        }

        if (!byName.TryGetValue(name, out var family))
        {
            family = new ParsedFamily(name);
            byName.Add(name, family);
            families.Add(family);
        }

        Enter(family, ref current, lineNumber);
        if (family.Samples.Count > 0)
        {
            throw SampleLineReader.Fail(lineNumber, $"{keyword} for {name} after its samples");
        }

        if (keyword == "HELP")
        {
            family.Help = family.Help is null
                ? UnescapeHelp(rest, lineNumber)
                : throw SampleLineReader.Fail(lineNumber, $"second HELP for {name}");
            return;
        }

        if (family.Type is not null)
        {
            throw SampleLineReader.Fail(lineNumber, $"second TYPE for {name}");
        }

        family.Type = rest is "counter" or "gauge" or "histogram" or "untyped"
            ? rest
            : throw SampleLineReader.Fail(lineNumber, $"unsupported TYPE '{rest}' for {name}");
    }

    /// <summary>A family's lines must be contiguous: once another family starts, it is closed.</summary>
    private static void Enter(ParsedFamily family, ref ParsedFamily? current, int lineNumber)
    {
        if (ReferenceEquals(family, current))
        {
            return;
        }

        if (family.Type is not null || family.Help is not null || family.Samples.Count > 0)
        {
            throw SampleLineReader.Fail(lineNumber, $"family {family.Name} resumes after another family (not contiguous)");
        }

        current = family;
    }

    private static ParsedFamily FamilyOf(ParsedSample sample, Dictionary<string, ParsedFamily> byName, int lineNumber)
    {
        if (byName.TryGetValue(sample.Name, out var exact) && exact.Type is not null)
        {
            return exact;
        }

        foreach (var suffix in HistogramSuffixes)
        {
            if (sample.Name.EndsWith(suffix, StringComparison.Ordinal)
                && byName.TryGetValue(sample.Name[..^suffix.Length], out var histogram)
                && histogram.Type == "histogram")
            {
                return histogram;
            }
        }

        throw SampleLineReader.Fail(lineNumber, $"sample {sample.Name} has no TYPE line before it");
    }

    private static void CheckSampleName(ParsedFamily family, ParsedSample sample, int lineNumber)
    {
        var hasLe = sample.Labels.ContainsKey("le");
        if (family.Type != "histogram")
        {
            if (sample.Name != family.Name)
            {
                throw SampleLineReader.Fail(lineNumber, $"sample {sample.Name} inside {family.Type} family {family.Name}");
            }

            if (family.Type == "counter" && sample.Value < 0)
            {
                throw SampleLineReader.Fail(lineNumber, $"counter {sample.Name} is negative");
            }

            return;
        }

        var isBucket = sample.Name == family.Name + "_bucket";
        if (sample.Name == family.Name || isBucket != hasLe)
        {
            throw SampleLineReader.Fail(lineNumber, $"histogram line {sample.Name} with{(hasLe ? "" : "out")} le");
        }
    }

    private static string UnescapeHelp(string help, int lineNumber)
    {
        var result = new StringBuilder();
        for (var i = 0; i < help.Length; i++)
        {
            if (help[i] != '\\')
            {
                result.Append(help[i]);
                continue;
            }

            result.Append(++i < help.Length ? help[i] switch
            {
                '\\' => '\\',
                'n' => '\n',
                var other => throw SampleLineReader.Fail(lineNumber, $"unknown escape '\\{other}' in HELP"),
            } : throw SampleLineReader.Fail(lineNumber, "HELP ends in a lone backslash"));
        }

        return result.ToString();
    }

    [GeneratedRegex("^# (HELP|TYPE) ([^ ]+)(?: (.*))?$")]
    private static partial Regex MetadataRegex();

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*$")]
    private static partial Regex MetricNameRegex();
}
