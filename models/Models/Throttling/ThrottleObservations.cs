using KernelTruth.Models.Histograms;
using KernelTruth.Models.Input;

namespace KernelTruth.Models.Throttling;

/// <summary>
/// What throttling was measured, for evidence beside the predictions: the decayed share of periods
/// the kernel throttled (nr_throttled/nr_periods) and the decayed throttle-wait distribution, both
/// under whatever limits were in force.
/// </summary>
/// <remarks>Worked example: 600 periods with 60 throttled, then (same weight) 600 with 0 ⇒ 60/1200 = 5 %.</remarks>
// A mutable struct inside WorkloadModel, reached by ref; never copy it to change it. The wait shape
// (WaitHistogram.Shape, shared by all containers; its half-life is also the ratio's) is passed in by the owner.
internal struct ThrottleObservations
{
    private DecayClock _clock = new();

    // Made on the first throttle wait: most containers are never throttled, and the histogram inline would cost them
    // 24 bytes where the reference costs 8 (an object holding it costs 16 more once made).
    private ThrottleWaits? _waits;

    public ThrottleObservations()
    {
    }

    public double Periods { readonly get; private set; }

    public double Throttled { readonly get; private set; }

    public readonly int RetainedBytes => _waits?.Histogram.RetainedBytes ?? 0;

    /// <summary>Measured throttled ratio, null before any limited period.</summary>
    public readonly double? ThrottledRatio => Periods > 0 ? Throttled / Periods : null;

    /// <summary>Measured throttle-wait p99 per throttled switch-out (the sensor's population), null before any.</summary>
    public readonly double? WaitP99Seconds(HistogramShape waitShape) => _waits is null || _waits.Histogram.IsEmpty ? null : _waits.Histogram.PercentileSeconds(waitShape, 0.99);

    public void Add(HistogramShape waitShape, WorkloadInterval interval)
    {
        if (interval.Periods > 0)
        {
            double factor = _clock.Factor(interval.Time, waitShape.HalfLife, ExactWeight.MaxDecayExponent, out double rescale);
            Periods = (Periods * rescale) + (interval.Periods * factor);
            Throttled = (Throttled * rescale) + (interval.ThrottledPeriods * factor);
        }

        if (WaitHistogram.AnyWait(interval.ThrottleWait))
        {
            _waits ??= new ThrottleWaits();
            _waits.Histogram.Add(waitShape, interval.ThrottleWait, interval.Time);
        }
    }

    public readonly ThrottleObservationsState ToState(HistogramShape waitShape) => new()
    {
        ReferenceTime = _clock.ReferenceTicks is long t ? new DateTimeOffset(t, TimeSpan.Zero) : null,
        Periods = Periods,
        Throttled = Throttled,
        Waits = (_waits ?? new ThrottleWaits()).Histogram.ToState(waitShape),
    };

    public void Restore(HistogramShape waitShape, ThrottleObservationsState state)
    {
        _clock.ReferenceTicks = state.ReferenceTime?.UtcTicks;
        Periods = state.Periods;
        Throttled = state.Throttled;
        var restored = new ThrottleWaits();
        restored.Histogram.Restore(waitShape, state.Waits); // validates version and scheme even when empty
        _waits = state.Waits.Buckets.Length > 0 || state.Waits.ReferenceTime is not null ? restored : null;
    }

    private sealed class ThrottleWaits
    {
        public WaitHistogram Histogram = new();
    }
}
