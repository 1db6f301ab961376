using KernelTruth.Models.Histograms;

namespace KernelTruth.Models.Memory;

/// <summary>Persisted per-window memory peaks: the histogram, the current window and its peak.</summary>
public sealed record DailyPeaksState
{
    public required HistogramState Peaks { get; init; }

    public DateTimeOffset? WindowEnd { get; init; }

    public DateTimeOffset? LastSample { get; init; }

    public required double CurrentPeak { get; init; }
}
