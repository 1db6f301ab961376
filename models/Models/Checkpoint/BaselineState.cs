using KernelTruth.Models.Histograms;
using KernelTruth.Models.Memory;

namespace KernelTruth.Models.Checkpoint;

/// <summary>Persisted VPA baseline: its CPU histogram, memory peaks, history and the unfinished minute.</summary>
public sealed record BaselineState
{
    public required HistogramState Cpu { get; init; }

    public required DailyPeaksState Memory { get; init; }

    public DateTimeOffset? FirstSample { get; init; }

    public DateTimeOffset? LastSample { get; init; }

    public required long Samples { get; init; }

    public DateTimeOffset? PendingMinute { get; init; }

    public required double PendingCoreSeconds { get; init; }

    /// <summary>Work the limit deferred into the unfinished minute, CPU-seconds (<see cref="Demand.MinuteDeferral"/>).</summary>
    public double PendingWaitingAtStartSeconds { get; init; }

    /// <summary>The unfinished minute's censored excess so far, CPU-seconds.</summary>
    public double PendingCensoredSeconds { get; init; }

    /// <summary>The censored excess of the unfinished minute's last interval, CPU-seconds.</summary>
    public double PendingLastCapSeconds { get; init; }

    /// <summary>The unfinished minute's last interval was throttled in every period.</summary>
    public bool PendingLastThrottledThroughout { get; init; }

    /// <summary>Every interval of the unfinished minute so far was throttled in every period.</summary>
    public bool PendingAllThrottledThroughout { get; init; }

    public required double PendingSeconds { get; init; }

    public required long PendingMemoryBytes { get; init; }

    public DateTimeOffset? PendingLastTime { get; init; }
}
