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

    /// <summary>Throttle wait summed over the unfinished minute, seconds (feeds the per-minute demand).</summary>
    public double PendingThrottleWaitSeconds { get; init; }

    public required double PendingSeconds { get; init; }

    public required long PendingMemoryBytes { get; init; }

    public DateTimeOffset? PendingLastTime { get; init; }
}
