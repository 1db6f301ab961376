using KernelTruth.NodeSensor.Bpf;

namespace KernelTruth.NodeSensor.Tests.Bpf;

public sealed class TracepointProbeTests
{
    [Fact]
    public void SupportsTpBtf_SchedSwitch_TrueOnThisKernel()
    {
        BpfTestObjects.RequireKernelBpf();

        Assert.True(TracepointProbe.SupportsTpBtf("sched_switch"));
    }

    [Fact]
    public void SupportsTpBtf_UnknownTracepoint_False()
    {
        BpfTestObjects.RequireKernelBpf();

        Assert.False(TracepointProbe.SupportsTpBtf("no_such_tracepoint_ktruth"));
    }
}
