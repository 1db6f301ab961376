namespace KernelTruth.NodeSensor.Bpf;

internal enum BpfProblemSeverity
{
    /// <summary>Only an optional program (the period-timer one) cannot work.</summary>
    Warning,

    /// <summary>The sensor cannot load its programs at all.</summary>
    Error,
}
