namespace KernelTruth.NodeSensor.Tests.Prometheus;

/// <summary>A parsed scrape with lookups for assertions.</summary>
internal sealed class ParsedExposition(IReadOnlyList<ParsedFamily> families)
{
    /// <summary>Families in the order they appear in the text.</summary>
    public IReadOnlyList<ParsedFamily> Families { get; } = families;

    public ParsedFamily Family(string name) =>
        Families.SingleOrDefault(f => f.Name == name)
        ?? throw new InvalidOperationException($"No family '{name}'; have: {string.Join(", ", Families.Select(f => f.Name))}");

    public bool HasFamily(string name) => Families.Any(f => f.Name == name);

    /// <summary>The value of the sample with exactly this name and these labels.</summary>
    public double Value(string sampleName, params (string Name, string Value)[] labels)
    {
        var match = Families.SelectMany(f => f.Samples)
            .Where(s => s.Name == sampleName && s.HasLabels(labels))
            .ToList();
        return match.Count == 1
            ? match[0].Value
            : throw new InvalidOperationException(
                $"Expected one sample {sampleName}{{{string.Join(",", labels.Select(l => $"{l.Name}={l.Value}"))}}}, found {match.Count}.");
    }
}
