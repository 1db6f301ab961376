namespace KernelTruth.NodeSensor.Bpf;

/// <summary>One missing prerequisite, phrased as what is missing and how to fix it.</summary>
internal sealed record BpfEnvironmentProblem(BpfProblemSeverity Severity, string Message)
{
    public override string ToString() => $"{Severity.ToString().ToLowerInvariant()}: {Message}";
}
