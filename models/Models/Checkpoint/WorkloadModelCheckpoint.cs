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
    /// <summary>
    /// The format version this build writes. 2 added the per-minute demand (<see cref="MinuteDemand"/>);
    /// 3 counts deferred work once instead of throttle wait as demand (<see cref="Demand.MinuteDeferral"/>).
    /// Version 2 is still read: unchanged where no minute counted throttle wait (<see cref="ThrottledMinutes"/> 0),
    /// else with its per-minute demand dropped and rebuilt from the next finished minute (the rest is kept).
    /// </summary>
    public const int CurrentVersion = 3;

    /// <summary>The oldest version this build restores.</summary>
    public const int OldestReadableVersion = 2;

    public int Version { get; init; } = CurrentVersion;

    public required HistogramState DemandExact { get; init; }

    public required CensoredState DemandCensored { get; init; }

    /// <summary>
    /// Per-minute demand, the CPU request's basis. Not <c>required</c> so that a version 1 file still
    /// parses and is refused by version with a message, not by JSON with a missing property.
    /// </summary>
    public HistogramState? MinuteDemand { get; init; }

    /// <summary>Finished minutes whose demand includes censored excess (held back throughout), undecayed.</summary>
    public long CensoredMinutes { get; init; }

    /// <summary>Version 2 only: finished minutes whose demand counted throttle wait. Null from version 3 on.</summary>
    public long? ThrottledMinutes { get; init; }

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
