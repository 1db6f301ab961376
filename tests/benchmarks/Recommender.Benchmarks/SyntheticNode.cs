using KernelTruth.Contracts.Cgroups;
using KernelTruth.Contracts.Snapshot;

namespace KernelTruth.Recommender.Benchmarks;

/// <summary>
/// Snapshots of many containers shaped as the sensor sends them: per-period usage in the sensor's
/// log-linear µs slots (16 per power of two; lists cut after the last non-empty slot, so about 180
/// entries at 20 ms), 27 log2 wait slots, kubepods paths of real length. Each container has its own
/// steady load; from one 10 s step to the next its usage shifts by one slot, so histograms fill.
/// Every list is a fresh array per cgroup per snapshot, as a JSON parse would give.
/// </summary>
internal static class SyntheticNode
{
    public const int FirstId = 1000;

    private const int Sub = 16;
    private const ulong PeriodNs = 100_000_000;
    private const ulong StepNs = 10_000_000_000;
    private const long WallStartNs = 1_763_700_000_000_000_000;

    /// <summary>Per step, periods in the five slots around the centre: 100 periods of 100 ms in 10 s.</summary>
    private static readonly ulong[] Shape = [5, 20, 50, 20, 5];

    public static NodeSnapshot Snapshot(int step, int containers)
    {
        var cgroups = new CgroupSnapshot[containers];
        for (int i = 0; i < containers; i++)
        {
            cgroups[i] = Cgroup(i, step);
        }

        ulong monotonic = (ulong)(step + 1) * StepNs;
        return new NodeSnapshot
        {
            Node = "bench-node",
            Kernel = "6.18.0",
            CgroupVersion = 2,
            PeriodUsageSource = "period-timer",
            TakenAtUnixNs = WallStartNs + (long)monotonic,
            MonotonicNs = monotonic,
            Cgroups = cgroups,
        };
    }

    public static string PathOf(int i) =>
        $"/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod{i:x8}_0b1c_4d2e_8f3a_{i * 7919L:x12}.slice/cri-containerd-{(ulong)i * 0x9E3779B97F4A7C15UL:x16}{i:x16}{(ulong)i * 31:x16}{(ulong)i * 131:x16}.scope";

    private static CgroupSnapshot Cgroup(int i, int step)
    {
        // Container i: quota 0.2–2 CPUs (or none for every third), usage centred 30–120 % of it.
        double quotaCores = i % 3 == 0 ? 0 : new[] { 0.2, 0.5, 1.0, 2.0 }[i % 4];
        double centreMs = (quotaCores > 0 ? quotaCores : 0.5) * 100 * (0.3 + (0.9 * (i % 10) / 9.0));
        int centre = SlotOf((ulong)(centreMs * 1_000_000));

        // Cumulative over steps 1..step: step j is centred at centre + ((i + j) % 3) − 1.
        var perOffset = new ulong[3];
        for (int j = 1; j <= step; j++)
        {
            perOffset[(i + j) % 3]++;
        }

        int last = centre + 3;
        var buckets = new ulong[last + 1];
        var bounds = new ulong[last + 1];
        ulong usageNs = 0, throttled = 0;
        ulong quotaNs = (ulong)(quotaCores * PeriodNs);
        for (int r = 0; r < 3; r++)
        {
            for (int s = 0; s < Shape.Length; s++)
            {
                int slot = centre + r - 1 + s - 2;
                ulong n = perOffset[r] * Shape[s];
                buckets[slot] += n;
                usageNs += n * ((LowerBoundNs(slot) + LowerBoundNs(slot + 1)) / 2);
                if (quotaNs > 0 && LowerBoundNs(slot + 1) > quotaNs)
                {
                    throttled += n;
                }
            }
        }

        for (int s = 0; s <= last; s++)
        {
            bounds[s] = LowerBoundNs(s + 1);
        }

        ulong periods = (ulong)step * 100;
        ulong contention = (ulong)step * 200;
        return new CgroupSnapshot
        {
            Id = (ulong)(i + FirstId),
            Path = PathOf(i),
            TrackedSince = 1,
            Identity = new CgroupIdentity("pod-container", $"pod-{i:x8}", $"{i:x16}", "containerd", "burstable"),
            Limit = quotaCores > 0 ? new CpuLimitSnapshot((long)(quotaCores * 100_000), 100_000, 0, quotaCores) : null,
            CpuStat = new CpuStatSnapshot { UsageNs = usageNs, NrPeriods = quotaCores > 0 ? periods : 0, NrThrottled = throttled, ThrottledNs = throttled * 5_000_000 },
            Sched = new SchedSnapshot
            {
                OnCpuNs = usageNs,
                VoluntarySwitches = (ulong)step * 1000,
                InvoluntarySwitches = (ulong)step * 50 + throttled,
                ThrottleEvents = throttled,
                ContentionWait = new WaitHistogram(contention, contention * 20_000, Slots(3, contention / 4, 4)),
                ThrottleWait = new WaitHistogram(throttled, throttled * 5_000_000, Slots(12, throttled, 1)), // 4–8 ms
                PeriodUsage = new PeriodUsage
                {
                    Source = "period-timer",
                    PeriodNs = PeriodNs,
                    Count = periods,
                    SumNs = usageNs,
                    Buckets = buckets,
                    BucketBoundsNs = bounds,
                },
            },
            Memory = new MemorySnapshot((ulong)(50 + (i % 450)) << 20, (ulong)(60 + (i % 450)) << 20, 0),
        };
    }

    /// <summary>27 log2 slots with <paramref name="each"/> in <paramref name="count"/> slots from <paramref name="first"/>.</summary>
    private static ulong[] Slots(int first, ulong each, int count)
    {
        var slots = new ulong[27];
        for (int s = first; s < first + count; s++)
        {
            slots[s] = each;
        }

        return slots;
    }

    /// <summary>The sensor's usage slot of a duration (node-sensor Sampling/UsageBuckets.SlotOf).</summary>
    private static int SlotOf(ulong ns)
    {
        ulong us = ns / 1000;
        if (us < Sub)
        {
            return (int)us;
        }

        int e = 63 - System.Numerics.BitOperations.LeadingZeroCount(us);
        return (Sub * (e - 3)) + (int)((us >> (e - 4)) & (Sub - 1));
    }

    private static ulong LowerBoundNs(int slot)
    {
        if (slot < Sub)
        {
            return (ulong)slot * 1000;
        }

        int e = (slot / Sub) + 3;
        return ((ulong)(Sub + (slot % Sub)) << (e - 4)) * 1000;
    }
}
