using KernelTruth.Models.Demand;
using KernelTruth.Models.Histograms;
using KernelTruth.Models.Memory;
using KernelTruth.Models.Throttling;

namespace KernelTruth.Models.Checkpoint;

/// <summary>
/// The whole state of one <see cref="Recommendations.WorkloadModel"/>: plain records with public
/// properties, so System.Text.Json (source-generated) writes and reads it. Restoring it gives a model
/// whose recommendations are bit-for-bit the original's.
/// </summary>
public sealed record WorkloadModelCheckpoint
{
    /// <summary>The format version this build writes and reads. 2 added the per-minute demand (<see cref="MinuteDemand"/>).</summary>
    public const int CurrentVersion = 2;

    public int Version { get; init; } = CurrentVersion;

    public required HistogramState DemandExact { get; init; }

    public required CensoredState DemandCensored { get; init; }

    /// <summary>
    /// Per-minute demand (usage + throttle wait), the CPU request's basis. Not <c>required</c> so that a
    /// version 1 file still parses and is refused by version with a message, not by JSON with a missing property.
    /// </summary>
    public HistogramState? MinuteDemand { get; init; }

    /// <summary>Finished minutes whose demand included throttle wait, undecayed.</summary>
    public long ThrottledMinutes { get; init; }

    public required ThrottleObservationsState Throttle { get; init; }

    public required HistogramState ContentionWait { get; init; }

    public required DailyPeaksState Memory { get; init; }

    public required BaselineState Baseline { get; init; }

    public DateTimeOffset? LastIntervalTime { get; init; }

    public double? LimitCores { get; init; }

    public double BurstCores { get; init; }

    public double? RequestCores { get; init; }

    public double PeriodSeconds { get; init; }

    public long Intervals { get; init; }

    public long Periods { get; init; }
}
