namespace KernelTruth.NodeSensor.Tests.Bpf;

public sealed class BpfObjectStatsTests
{
    private readonly ListLogger _logger = new();

    [Fact]
    public void GetProgramStats_RunTimeStatsEnabled_CountsRunsAndTime()
    {
        using var obj = BpfTestObjects.OpenCounter(_logger);
        obj.Load();
        using var stats = KernelTruth.NodeSensor.Bpf.BpfObject.EnableRunTimeStats();
        obj.AttachAllAutoloaded();

        BpfTestObjects.CauseContextSwitches();
        var run = obj.GetProgramStats(BpfTestObjects.BtfProgram);

        Assert.True(run.RunCount > 0, "run_cnt stayed 0 with BPF_STATS_RUN_TIME on");
        Assert.True(run.RunTimeNs > 0, "run_time_ns stayed 0 with BPF_STATS_RUN_TIME on");
    }
}
