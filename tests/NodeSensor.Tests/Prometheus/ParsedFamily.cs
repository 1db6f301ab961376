namespace KernelTruth.NodeSensor.Tests.Prometheus;

/// <summary>A family as read back: its TYPE, optional HELP (unescaped) and samples in text order.</summary>
internal sealed class ParsedFamily(string name)
{
    public string Name { get; } = name;

    public string? Type { get; set; }

    public string? Help { get; set; }

    public List<ParsedSample> Samples { get; } = [];
}
