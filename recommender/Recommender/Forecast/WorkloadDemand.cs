using KernelTruth.Simulations.Forecast;

namespace KernelTruth.Recommender.Forecast;

/// <summary>
/// Everything kept per workload for forecasting, in one object: its demand history (this object is the
/// <see cref="DemandHistory"/>, checkpointed), the minute being summed, the forecasts in flight (checked by the
/// <see cref="ForecastGuard"/>, inline, when their minute comes), at most one training example waiting for its label, and
/// what was last published, as numbers. One object instead of a history, this and a guard: two headers and two
/// references fewer per workload. An owner that keeps per-workload entries extends it (<see cref="HeldDemand"/>), so
/// that the entry and this are one object too.
/// </summary>
internal class WorkloadDemand : DemandHistory
{
    private InFlight? _inFlight;

    /// <summary>An empty history.</summary>
    public WorkloadDemand()
    {
    }

    /// <summary>A restored workload: the history as saved (copied in), and its guard, or a new one for older checkpoints.</summary>
    public WorkloadDemand(DemandHistory history, ForecastGuard? guard = null)
        : base(history)
    {
        Guard = guard ?? default;
    }

    public MinuteSums Minutes;

    /// <summary>
    /// Starts again from <paramref name="history"/> (copied in; empty when null) and <paramref name="guard"/>, with nothing
    /// summed, in flight, waiting or published: what <see cref="WorkloadDemand(DemandHistory, ForecastGuard?)"/> makes, in place.
    /// </summary>
    public void Reset(DemandHistory? history, ForecastGuard guard)
    {
        Assign(history);
        (_inFlight, Minutes, Guard, Published) = (null, default, guard, default);
    }

    /// <summary>Takes over everything <paramref name="other"/> holds (a workload's state kept elsewhere until now).</summary>
    public void TakeOver(WorkloadDemand other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Assign(other);
        (_inFlight, Minutes, Guard, Published) = (other._inFlight, other.Minutes, other.Guard, other.Published);
    }

    /// <summary>Checkpointed beside the history (<see cref="ForecastGuard.ToBytes"/>): trust survives a restart. A field, updated in place.</summary>
    public ForecastGuard Guard;

    /// <summary>The forecasts and the example waiting for a later minute; null before the first (<see cref="StartInFlight"/>).</summary>
    public InFlight? InFlight => _inFlight;

    /// <summary>
    /// What was last published, set as each minute finishes (after the minute was added and the guard scored it);
    /// <see cref="PublishedDemand.Made"/> is false until the first one.
    /// </summary>
    public PublishedDemand Published { get; set; }

    /// <summary>
    /// The record of what was last published, made now; null until the first minute finished. Its minute is the
    /// history's last and its error the guard's (<see cref="PublishedDemand"/>: neither moves until the next publication).
    /// </summary>
    public DemandForecast? Forecast() => Published.Made ? Published.ToForecast(LastMinute, Guard.Error) : null;

    /// <summary>
    /// Bytes held: this object (the history, its sums, guard and published forecast inline) and what is in flight: its
    /// object with the waiting example's features inline and the ring of forecasts (12 B each: minute and cores).
    /// Example: horizon 2 ⇒ ObjectBytes + 80 + (24 + 2 × 12) = ObjectBytes + 128. Hides the history's own figure (its
    /// part alone).
    /// </summary>
    public new int RetainedBytes => ObjectBytes + (_inFlight is null ? 0 : InFlight.Bytes + _inFlight.RingBytes);

    /// <summary>
    /// This object as allocated: 16 (header) + 576 (the history's fields: its 592 bytes alone less its header; a multiple
    /// of 8, so nothing pads before the fields here) + 8 (reference: what is in flight) + 24 (minute sums) + 16 (guard)
    /// + 40 (published forecast) = 680, measured by WorkloadDemandTests. With the history's fields at 582 (padded to
    /// 584), a reference each for the ring and the example (8 more) and the example's level and minute kept here (16),
    /// the minute sums' flags beside their sums (32, not 24) and the published forecast's minute and error kept again
    /// (56, not 40) it was 736; apart, the history, this state and the guard were 600 + 176 + 32 = 808.
    /// </summary>
    internal const int ObjectBytes = 680;

    /// <summary>What is in flight, made at the first forecast or example.</summary>
    public InFlight StartInFlight() => _inFlight ??= new InFlight();

    /// <summary>Keeps the forecast made for <paramref name="minute"/> (a ring as long as the horizon; a new horizon starts it afresh).</summary>
    public void Expect(long minute, double cores, int horizonMinutes) => StartInFlight().Expect(minute, cores, horizonMinutes);

    /// <summary>The minute has finished with <paramref name="cores"/>: the forecast made for it, if any, is scored.</summary>
    public void Matured(long minute, double cores)
    {
        if (_inFlight?.Matured(minute) is float expected)
        {
            Guard.Observe(expected, cores);
        }
    }
}
