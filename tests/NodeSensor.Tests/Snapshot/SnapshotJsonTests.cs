using System.Text.Json;
using KernelTruth.Contracts.Cgroups;
using KernelTruth.Contracts.Snapshot;
using KernelTruth.NodeSensor.Cgroups;

namespace KernelTruth.NodeSensor.Tests.Snapshot;

public sealed class SnapshotJsonTests
{
    private static NodeSnapshot Sample() => new()
    {
        Node = "node-a",
        Kernel = "6.18.44",
        CgroupVersion = 1,
        PeriodUsageSource = "period-timer",
        TakenAtUnixNs = 1_763_700_000_123_456_789,
        MonotonicNs = 987_654_321_000,
        Sensor = new SensorHealth(new Dictionary<string, ulong> { ["bpf_cgroup_map_full"] = 2, ["cgroup_gone"] = 1 }),
        Cgroups =
        [
            new CgroupSnapshot
            {
                Id = 4242,
                Path = "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1b2c_3d4e.slice/cri-containerd-" + new string('a', 64) + ".scope",
                TrackedSince = 123_000,
                Identity = new CgroupIdentity("pod-container", "1b2c-3d4e", new string('a', 64), "containerd", "burstable"),
                Limit = new CpuLimitSnapshot(20_000, 100_000, 0, 0.2),
                CpuStat = new CpuStatSnapshot { UsageNs = 5, NrPeriods = 6, NrThrottled = 7, ThrottledNs = 8, NrBursts = 9, BurstNs = 10 },
                Sched = new SchedSnapshot
                {
                    OnCpuNs = 11,
                    VoluntarySwitches = 12,
                    InvoluntarySwitches = 13,
                    ThrottleEvents = 14,
                    ContentionWait = new WaitHistogram(3, 300, [1, 2, 0]),
                    ThrottleWait = new WaitHistogram(1, 80_000_000, [0, 0, 1]),
                    PeriodUsage = new PeriodUsage { Source = "period-timer", PeriodNs = 100_000_000, Count = 2, SumNs = 40_000_000, Buckets = [0, 2], BucketBoundsNs = [19_456_000, 20_480_000], OverQuotaPeriods = 0 },
                },
                Memory = new MemorySnapshot(1 << 20, 2 << 20, 1),
            },
            new CgroupSnapshot
            {
                Id = 7,
                Path = "/system.slice/cron.service",
                TrackedSince = 5,
                Identity = new CgroupIdentity("systemd-unit", Unit: "cron.service"),
                Sched = new SchedSnapshot
                {
                    OnCpuNs = 1,
                    VoluntarySwitches = 2,
                    InvoluntarySwitches = 3,
                    ThrottleEvents = 0,
                    ContentionWait = new WaitHistogram(0, 0, []),
                    ThrottleWait = new WaitHistogram(0, 0, []),
                    PeriodUsage = new PeriodUsage { Source = "window", PeriodNs = 100_000_000, Count = 0, SumNs = 0, Buckets = [], BucketBoundsNs = [] },
                },
            },
        ],
    };

    [Fact]
    public void Serialize_ThenDeserialize_WritesTheSameJsonAgain()
    {
        string json = JsonSerializer.Serialize(Sample(), SnapshotJsonContext.Default.NodeSnapshot);
        var back = JsonSerializer.Deserialize(json, SnapshotJsonContext.Default.NodeSnapshot)!;

        Assert.Equal(json, JsonSerializer.Serialize(back, SnapshotJsonContext.Default.NodeSnapshot));
        Assert.Equal(4242UL, back.Cgroups[0].Id);
        Assert.Equal(80_000_000UL, back.Cgroups[0].Sched.ThrottleWait.SumNs);
    }

    [Fact]
    public void Serialize_Snapshot_UsesContractFieldNames()
    {
        using var doc = JsonDocument.Parse(JsonSerializer.Serialize(Sample(), SnapshotJsonContext.Default.NodeSnapshot));
        var root = doc.RootElement;
        Assert.Equal("ktruth.io/v1", root.GetProperty("apiVersion").GetString());
        foreach (string name in new[] { "node", "kernel", "cgroupVersion", "periodUsageSource", "takenAtUnixNs", "monotonicNs", "cgroups" })
        {
            Assert.True(root.TryGetProperty(name, out _), $"missing top-level '{name}'");
        }

        var cg = root.GetProperty("cgroups")[0];
        Assert.Equal("pod-container", cg.GetProperty("identity").GetProperty("kind").GetString());
        Assert.Equal(0.2, cg.GetProperty("limit").GetProperty("cpus").GetDouble());
        Assert.Equal(7UL, cg.GetProperty("cpuStat").GetProperty("nrThrottled").GetUInt64());
        var sched = cg.GetProperty("sched");
        Assert.Equal(3, sched.GetProperty("contentionWait").GetProperty("log2UsBuckets").GetArrayLength());
        Assert.Equal(2, sched.GetProperty("periodUsage").GetProperty("bucketBoundsNs").GetArrayLength());
        Assert.Equal(1UL, cg.GetProperty("memory").GetProperty("oomKills").GetUInt64());
        // An unlimited cgroup says so with null, not by leaving the field out.
        Assert.Equal(JsonValueKind.Null, root.GetProperty("cgroups")[1].GetProperty("limit").ValueKind);
    }
}
