namespace KernelTruth.Simulations.Trace;

/// <summary>
/// A recording made by <c>ktruth record</c>: per-period CPU records of one or more cgroups.
/// Persisted as JSON (<see cref="TraceJsonContext"/>); <see cref="Version"/> says which shape.
/// </summary>
public sealed record CpuTrace
{
    /// <summary>
    /// The shape this build writes. 2 added each period's parallelism (<see cref="PeriodRecord.CpusUsed"/>,
    /// <see cref="PeriodRecord.MaxCpuUsageUs"/>, <see cref="PeriodRecord.ThrottledCpus"/>); version 1 traces
    /// are still read, their periods' parallelism unknown (0). The replay does not use it (see docs/cli.md's
    /// accuracy section: modelled, it did not make predictions better); it is evidence for a reader.
    /// </summary>
    public const int CurrentVersion = 2;

    public const string TraceKind = "CpuTrace";

    public string Kind { get; init; } = TraceKind;

    public int Version { get; init; } = CurrentVersion;

    public string Node { get; init; } = "";

    public string Kernel { get; init; } = "";

    /// <summary>Wall-clock start of the recording (informational; replays use period indices).</summary>
    public long StartedAtUnixNs { get; init; }

    public IReadOnlyList<CgroupTrace> Cgroups { get; init; } = [];
}

/// <summary>Per-period records of one cgroup.</summary>
public sealed record CgroupTrace
{
    public string Path { get; init; } = "";

    public ulong Id { get; init; }

    /// <summary>"period-timer" (the CFS period timer's expiries) or "window" (fixed windows of the period length).</summary>
    public string Source { get; init; } = TraceSources.PeriodTimer;

    /// <summary>Length of a period in µs; record indices count these from the start of the recording.</summary>
    public long PeriodUs { get; init; }

    /// <summary>Periods the recording covers (index 0 .. PeriodCount-1), including those without a record.</summary>
    public long PeriodCount { get; init; }

    /// <summary>The quota in force at the start, µs per period; null = unlimited.</summary>
    public long? QuotaUs { get; init; }

    public long BurstUs { get; init; }

    /// <summary>CPUs the cgroup could run on: caps usage per period at Cpus × period.</summary>
    public int Cpus { get; init; }

    /// <summary>
    /// Records, by ascending index. With source "period-timer" a period without a record had no
    /// expiry: the kernel's timer was idle, so the cgroup used no CPU then. With "window" every
    /// period has a record. Periods whose data was lost are listed in <see cref="Gaps"/>.
    /// </summary>
    public IReadOnlyList<PeriodRecord> Periods { get; init; } = [];

    /// <summary>Index ranges with unknown data (ring buffer overflow, reader stall).</summary>
    public IReadOnlyList<PeriodGap> Gaps { get; init; } = [];

    /// <summary>The kernel's own counters over the recording (cpu.stat deltas), for cross-checks.</summary>
    public TraceSummary? Summary { get; init; }
}

/// <summary>What one period of one cgroup did.</summary>
/// <param name="Index">Period number from the start of the recording.</param>
/// <param name="UsageUs">CPU time charged in the period, µs (summed over CPUs).</param>
/// <param name="Throttled">The kernel counted the period as throttled (nr_throttled went up at its end).</param>
/// <param name="ThrottledUs">Throttled time the kernel accrued for the period, µs summed over CPUs (0 if unknown).</param>
/// <param name="QuotaUs">Quota in force, µs per period; null = unlimited.</param>
/// <param name="CpusUsed">CPUs the cgroup ran on in the period (version 2); 0 = unknown.</param>
/// <param name="MaxCpuUsageUs">The largest part of <paramref name="UsageUs"/> one CPU did (version 2); 0 = unknown.</param>
/// <param name="ThrottledCpus">The cgroup's per-CPU runqueues still throttled at the period's end (version 2).</param>
public sealed record PeriodRecord(long Index, long UsageUs, bool Throttled, long ThrottledUs, long? QuotaUs, int CpusUsed = 0, long MaxCpuUsageUs = 0, int ThrottledCpus = 0);

/// <summary>Periods [From, To) whose data is unknown.</summary>
public sealed record PeriodGap(long From, long To, string Reason);

/// <summary>cpu.stat deltas over the recording: the kernel's own ground truth.</summary>
public sealed record TraceSummary(long NrPeriods, long NrThrottled, long ThrottledUs, long UsageUs);

public static class TraceSources
{
    public const string PeriodTimer = "period-timer";
    public const string Window = "window";
}
