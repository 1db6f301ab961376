namespace KernelTruth.Contracts.Snapshot;

/// <summary>
/// GET /v1/snapshot. Counters are cumulative: sched numbers since the sensor
/// began tracking the cgroup (a new <see cref="CgroupSnapshot.TrackedSince"/> means a reset),
/// cpuStat numbers as the kernel keeps them (since the cgroup was created). Consumers take deltas.
/// Names are part of the contract; fields may be added, never renamed.
/// </summary>
public sealed record NodeSnapshot
{
    public const string CurrentApiVersion = "ktruth.io/v1";

    public string ApiVersion { get; init; } = CurrentApiVersion;

    public required string Node { get; init; }

    public required string Kernel { get; init; }

    public required int CgroupVersion { get; init; }

    /// <summary>"period-timer" when the CFS period timer is traced (limited cgroups use it), else "window".</summary>
    public required string PeriodUsageSource { get; init; }

    public required long TakenAtUnixNs { get; init; }

    /// <summary>CLOCK_MONOTONIC at the read, the clock of trackedSince.</summary>
    public required ulong MonotonicNs { get; init; }

    public required IReadOnlyList<CgroupSnapshot> Cgroups { get; init; }

    /// <summary>What the sensor itself lost or could not read, cumulative since it started.</summary>
    public SensorHealth? Sensor { get; init; }
}
