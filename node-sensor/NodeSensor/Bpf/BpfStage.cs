namespace KernelTruth.NodeSensor.Bpf;

/// <summary>The loader's lifecycle; each stage fails with its own <see cref="BpfStageException"/>.</summary>
internal enum BpfStage
{
    Open,
    Configure,
    Load,
    Attach,
    Read,
}
