using KernelTruth.Contracts.Cgroups;
using KernelTruth.Contracts.Snapshot;
using KernelTruth.Recommender.Input;
using Microsoft.Extensions.Logging.Abstractions;
using static KernelTruth.Recommender.Tests.Input.SnapshotFactory;

namespace KernelTruth.Recommender.Tests.Input;

/// <summary>The request in force (from cpu.shares / cpu.weight, pods only) and memory on the working set, as intervals carry them.</summary>
public sealed class IntervalBuilderRequestTests
{
    private const string PodUid = "40469a73-bad4-4708-bd0b-0394f861f50a";

    private static readonly CgroupIdentity PodContainer = new(CgroupKinds.PodContainer, PodUid, new string('a', 64), "containerd", "burstable");

    private static Contracts.Snapshot.CgroupSnapshot Reading(int k, CgroupIdentity identity, ulong? shares = null, ulong? weight = null, MemorySnapshot? memory = null) =>
        Limited(usageNs: (ulong)k * Second, periods: 100 * (ulong)k, throttled: 0, throttleWaitNs: 0, periodBuckets: [0, 100 * (ulong)k, 0])
            with { Identity = identity, CpuShares = shares, CpuWeight = weight, Memory = memory ?? new MemorySnapshot(100 << 20, 120 << 20, 0) };

    private static Models.Input.WorkloadInterval Interval(CgroupIdentity identity, ulong? shares = null, ulong? weight = null, MemorySnapshot? memory = null)
    {
        var builder = new IntervalBuilder(NullLogger.Instance);
        builder.Add(Node(At(0), Reading(1, identity, shares, weight, memory)));
        return Assert.Single(builder.Add(Node(At(1), Reading(2, identity, shares, weight, memory)))).Interval;
    }

    [Fact]
    public void Add_PodContainerWithShares512_RequestHalfACore() =>
        Assert.Equal(0.5, Interval(PodContainer, shares: 512).RequestCores!.Value, 12); // 512 / 1024

    [Fact]
    public void Add_PodCgroupWithWeight39_RequestFromTheKubeletMapping() =>
        // weight 39 came from 999..1024 shares ⇒ 1011.5 / 1024 = 0.988 cores (a 1-core request)
        Assert.Equal(1011.5 / 1024, Interval(new CgroupIdentity(CgroupKinds.Pod, PodUid, Qos: "burstable"), weight: 39).RequestCores!.Value, 9);

    [Fact]
    public void Add_NonPodCgroupWithDefaultShares_NoRequest() =>
        Assert.Null(Interval(new CgroupIdentity(CgroupKinds.SystemdUnit, Unit: "containerd.service"), shares: 1024).RequestCores);

    [Fact]
    public void Add_BestEffortPodAtTheMinimum_NoRequest() =>
        Assert.Null(Interval(PodContainer with { Qos = "besteffort" }, shares: 2).RequestCores);

    [Fact]
    public void Add_WorkingSetKnown_MemoryIsUsageMinusInactiveFile()
    {
        // 100 MiB used of which 30 MiB inactive page cache ⇒ working set 70 MiB; the kernel's 120 MiB peak counts cache too.
        var interval = Interval(PodContainer, memory: new MemorySnapshot(100 << 20, 120 << 20, 0, 70 << 20));

        Assert.Equal(70L << 20, interval.MemoryBytes);
        Assert.Equal(70L << 20, interval.MemoryPeakBytes);
    }

    [Fact]
    public void Add_WorkingSetUnknown_MemoryIsUsage() =>
        Assert.Equal(100L << 20, Interval(PodContainer).MemoryBytes);
}
