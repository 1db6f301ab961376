using KernelTruth.NodeSensor.Bpf;
using KernelTruth.NodeSensor.Bpf.Programs;
using KernelTruth.NodeSensor.Tests.Kernel;
using Microsoft.Extensions.Logging.Abstractions;

namespace KernelTruth.NodeSensor.Tests.Bpf.Programs;

/// <summary>
/// Every program of every embedded object passes this kernel's verifier, including the raw_tp
/// twins and pre-6.18 wakeup programs the sensor does not attach here.
/// </summary>
public sealed class VerifierTests
{
    [Theory]
    [InlineData(SchedEventsNative.ObjectName, 4)]
    [InlineData(CfsPeriodNative.ObjectName, 2)]
    [InlineData(OomKillsNative.ObjectName, 2)]
    [InlineData(StartTimelineNative.ObjectName, 5)]
    public void Load_EveryProgramAutoloaded_VerifierAcceptsAll(string objectName, int programs)
    {
        KernelRequirements.Require();
        using var obj = BpfObject.Open(objectName, EmbeddedBpfObjects.Read(objectName), NullLogger.Instance);
        Assert.Equal(programs, obj.ProgramNames.Count);
        if (objectName == CfsPeriodNative.ObjectName)
        {
            obj.SetReadOnlyData(new CfsPeriodConfigNative { NrCpus = (uint)BpfObject.PossibleCpus });
        }

        obj.Load(); // throws BpfStageException(Load) with the verifier log if any program is refused
    }
}
