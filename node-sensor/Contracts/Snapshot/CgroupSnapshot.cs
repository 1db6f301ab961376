using System.Text.Json.Serialization;
using KernelTruth.Contracts.Cgroups;

namespace KernelTruth.Contracts.Snapshot;

/// <summary>One cgroup of the cpu controller, keyed by its id (the directory's inode).</summary>
public sealed record CgroupSnapshot
{
    public required ulong Id { get; init; }

    /// <summary>Path relative to the cpu controller's mount, as /proc/&lt;pid&gt;/cgroup shows it.</summary>
    public required string Path { get; init; }

    /// <summary>CLOCK_MONOTONIC ns when the sensor began counting this cgroup.</summary>
    public required ulong TrackedSince { get; init; }

    public required CgroupIdentity Identity { get; init; }

    /// <summary>The enforced CPU limit; null = unlimited.</summary>
    public CpuLimitSnapshot? Limit { get; init; }

    /// <summary>
    /// v1 cpu.shares (2..262144; the kubelet writes request millicores × 1024 / 1000, at least 2); null on v2 or when
    /// unreadable. <see cref="Units.CpuShares"/> turns it into the CPU request it stands for.
    /// </summary>
    public ulong? CpuShares { get; init; }

    /// <summary>v2 cpu.weight (1..10000, converted from shares by the kubelet or the runtime); null on v1, on the root, or when unreadable.</summary>
    public ulong? CpuWeight { get; init; }

    /// <summary>The kernel's own counters; null when they could not be read this time.</summary>
    public CpuStatSnapshot? CpuStat { get; init; }

    public required SchedSnapshot Sched { get; init; }

    public MemorySnapshot? Memory { get; init; }

    /// <summary>cpu.pressure (cgroup v2 with PSI only). Note: PSI counts throttled time as stall.</summary>
    public PressureSnapshot? Pressure { get; init; }

    /// <summary>The start timeline; only for cgroups created while the sensor ran, omitted otherwise.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public StartupSnapshot? Startup { get; init; }
}

public sealed record CpuLimitSnapshot(long QuotaUs, long PeriodUs, long BurstUs, double Cpus);

public sealed record CpuStatSnapshot
{
    /// <summary>cpuacct.usage (v1) or usage_usec × 1000 (v2); null when not available.</summary>
    public ulong? UsageNs { get; init; }

    public ulong NrPeriods { get; init; }

    public ulong NrThrottled { get; init; }

    public ulong ThrottledNs { get; init; }

    public ulong NrBursts { get; init; }

    public ulong BurstNs { get; init; }
}

/// <param name="CurrentBytes">v2 memory.current, v1 memory.usage_in_bytes: page cache included.</param>
/// <param name="WorkingSetBytes">Usage minus inactive file cache, as cAdvisor, VPA and KRR count memory; null when memory.stat was not readable.</param>
public sealed record MemorySnapshot(ulong CurrentBytes, ulong? PeakBytes, ulong OomKills, ulong? WorkingSetBytes = null);

/// <summary>cpu.pressure "some" and, from 5.13, "full" (avg10/avg60 in %, totals in µs).</summary>
public sealed record PressureSnapshot(double SomeAvg10, double SomeAvg60, ulong SomeTotalUs, double? FullAvg10, double? FullAvg60, ulong? FullTotalUs);
