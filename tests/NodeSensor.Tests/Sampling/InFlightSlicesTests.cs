using KernelTruth.NodeSensor.Bpf.Programs;
using KernelTruth.NodeSensor.Sampling;

namespace KernelTruth.NodeSensor.Tests.Sampling;

public sealed class InFlightSlicesTests
{
    private static CpuRunningNative Slice(ulong cgroup, ulong since) => new() { CgroupId = cgroup, SinceNs = since };

    private static readonly CpuRunningNative Idle = default;

    [Fact]
    public void Between_SliceInBothReads_CountsItUpToNow()
    {
        // The remarks' example: CPU 0 runs cgroup 7 since 60 in both reads ⇒ 100 − 60 = 40.
        CpuRunningNative[] before = [Slice(7, 60), Slice(7, 20)];
        CpuRunningNative[] after = [Slice(7, 60), Slice(9, 99)];

        var running = InFlightSlices.Between(before, after, now: 100);

        Assert.Equal(40UL, Assert.Single(running, kv => kv.Key == 7).Value);
        Assert.False(running.ContainsKey(9)); // started after now
        Assert.Equal(1, InFlightSlices.Changed(before, after));
    }

    [Fact]
    public void Between_SliceEndedDuringTheRead_IsLeftOutRatherThanCountedTwice()
    {
        // CPU 0's slice of cgroup 7 (since 10) ended while the stats were read and the same cgroup
        // ran again from 95: the stats may already hold 10..95, so none of it is added as running.
        CpuRunningNative[] before = [Slice(7, 10)];
        CpuRunningNative[] after = [Slice(7, 95)];

        Assert.Empty(InFlightSlices.Between(before, after, now: 90));
        Assert.Equal(1, InFlightSlices.Changed(before, after));
    }

    [Fact]
    public void Between_SameCgroupOnTwoCpus_SumsBoth()
    {
        CpuRunningNative[] both = [Slice(7, 50), Slice(7, 80)];

        var running = InFlightSlices.Between(both, both, now: 100);

        Assert.Equal(70UL, running[7]); // 50 + 20
        Assert.Equal(0, InFlightSlices.Changed(both, both));
    }

    [Fact]
    public void Changed_IdleCpuThatStartsWork_IsNotAChange()
    {
        // Idle before, busy after: nothing was running that the stats could have absorbed.
        CpuRunningNative[] before = [Idle];
        CpuRunningNative[] after = [Slice(7, 99)];

        Assert.Equal(0, InFlightSlices.Changed(before, after));
        Assert.Empty(InFlightSlices.Between(before, after, now: 100));
    }

    [Fact]
    public void Between_SliceStartedAfterNow_AddsNothing()
    {
        CpuRunningNative[] slice = [Slice(7, 150)];

        Assert.Empty(InFlightSlices.Between(slice, slice, now: 100));
    }
}
