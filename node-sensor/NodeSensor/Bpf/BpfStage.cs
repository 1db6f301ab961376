namespace KernelTruth.NodeSensor.Bpf;

/// <summary>The loader's lifecycle; each stage fails with its own <see cref="BpfStageException"/>.</summary>
internal enum BpfStage
{
    Open,
    Configure,
    Load,
    Attach,
    Read,

    /// <summary>A loaded program run once through BPF_PROG_TEST_RUN (tests of the BPF code itself).</summary>
    TestRun,
}
