namespace KernelTruth.NodeSensor.Tests.Prometheus;

/// <summary>One sample line: series name (with any _bucket/_sum/_count suffix), labels, value.</summary>
internal sealed record ParsedSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value, int Line)
{
    public bool HasLabels(IReadOnlyCollection<(string Name, string Value)> labels) =>
        Labels.Count == labels.Count && labels.All(l => Labels.TryGetValue(l.Name, out var v) && v == l.Value);

    /// <summary>Labels without "le", identifying one histogram series across its lines.</summary>
    public string SeriesKey() => string.Join(",", Labels.Where(l => l.Key != "le").OrderBy(l => l.Key, StringComparer.Ordinal)
        .Select(l => $"{l.Key}={l.Value}"));
}
