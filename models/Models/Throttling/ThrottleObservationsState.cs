using KernelTruth.Models.Histograms;

namespace KernelTruth.Models.Throttling;

/// <summary>Persisted measured throttling: decayed period counters and the throttle-wait histogram.</summary>
public sealed record ThrottleObservationsState
{
    public DateTimeOffset? ReferenceTime { get; init; }

    public required double Periods { get; init; }

    public required double Throttled { get; init; }

    public required HistogramState Waits { get; init; }
}
