namespace KernelTruth.Contracts.Snapshot;

/// <summary>What the BPF programs measured for one cgroup.</summary>
public sealed record SchedSnapshot
{
    /// <summary>On-CPU time as the kernel charged it; a task still running is counted up to its last tick.</summary>
    public required ulong OnCpuNs { get; init; }

    public required ulong VoluntarySwitches { get; init; }

    /// <summary>Preempted or left the CPU still runnable (the kernel's nivcsw), throttling included.</summary>
    public required ulong InvoluntarySwitches { get; init; }

    /// <summary>Switch-outs of a task because its cgroup was throttled.</summary>
    public required ulong ThrottleEvents { get; init; }

    /// <summary>Runnable but not running because the CPU was busy, also after an unthrottle (excludes throttled time).</summary>
    public required WaitHistogram ContentionWait { get; init; }

    /// <summary>From a throttled switch-out to the unthrottle: the price of the limit.</summary>
    public required WaitHistogram ThrottleWait { get; init; }

    public required PeriodUsage PeriodUsage { get; init; }
}

/// <summary>log2UsBuckets[i] counts waits in [2^i, 2^(i+1)) µs; slot 0 also holds &lt; 1 µs.</summary>
public sealed record WaitHistogram(ulong Count, ulong SumNs, IReadOnlyList<ulong> Log2UsBuckets);

/// <summary>
/// CPU used per period (or per window of the period's length), over active periods only: the
/// kernel's period timer stops while a group is idle and windows without CPU use are not kept.
/// buckets[i] counts periods whose usage fell in [bucketBoundsNs[i-1], bucketBoundsNs[i])
/// (bucket 0 from 0); the lists stop at the last non-empty bucket.
/// </summary>
public sealed record PeriodUsage
{
    /// <summary>"period-timer" (the kernel's charge per CFS period) or "window" (fixed windows).</summary>
    public required string Source { get; init; }

    public required ulong PeriodNs { get; init; }

    public required ulong Count { get; init; }

    public required ulong SumNs { get; init; }

    public required IReadOnlyList<ulong> Buckets { get; init; }

    public required IReadOnlyList<ulong> BucketBoundsNs { get; init; }

    /// <summary>Periods charged more than quota + burst (period-timer only): the kernel's slack.</summary>
    public ulong? OverQuotaPeriods { get; init; }
}

/// <summary>Counts of what the sensor lost or could not read, by reason.</summary>
public sealed record SensorHealth(IReadOnlyDictionary<string, ulong> Errors);
