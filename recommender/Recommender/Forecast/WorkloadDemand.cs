using KernelTruth.Simulations.Forecast;

namespace KernelTruth.Recommender.Forecast;

/// <summary>
/// Everything kept per workload for forecasting: its <see cref="DemandHistory"/> (checkpointed), the minute being
/// summed, the forecasts in flight (checked by the <see cref="ForecastGuard"/> when their minute comes), at most one
/// training example waiting for its label, and what was last published, as numbers.
/// </summary>
internal sealed class WorkloadDemand(DemandHistory history, ForecastGuard? guard = null)
{
    private Expected[] _ahead = [];

    public DemandHistory History { get; } = history;

    public MinuteSums Minutes;

    /// <summary>Checkpointed beside the history (<see cref="ForecastGuard.ToBytes"/>): trust survives a restart.</summary>
    public ForecastGuard Guard { get; } = guard ?? new();

    /// <summary>Features of an example whose label (the demand at <see cref="ExampleMinute"/>) is not known yet; null when none waits.</summary>
    public float[]? ExampleFeatures { get; set; }

    public double ExampleLevel { get; set; }

    public long ExampleMinute { get; set; }

    /// <summary>What was last published; null until the first minute finished. The record is made when read.</summary>
    public PublishedDemand? Published { get; set; }

    /// <summary>
    /// Bytes held beyond the history: this object (its sums and published forecast inline), the ring of forecasts in
    /// flight (16 B each: minute and cores, padded), the waiting example and the guard. Example: horizon 2, an example
    /// waiting ⇒ 176 + (24 + 2 × 16) + (24 + 9 × 4) + 32 = 324.
    /// </summary>
    public int RetainedBytes => ObjectBytes + (_ahead.Length == 0 ? 0 : 24 + (_ahead.Length * 16)) + (ExampleFeatures is null ? 0 : 24 + (ForecastFeatures.Count * sizeof(float))) + GuardBytes;

    /// <summary>
    /// This object as allocated: 16 (header) + 4 × 8 (references) + 40 (minute sums) + 2 × 8 (example level and minute)
    /// + 72 (published forecast with its has-value flag) = 176, measured by WorkloadDemandTests.
    /// </summary>
    internal const int ObjectBytes = 176;

    private const int GuardBytes = 32;

    /// <summary>Keeps the forecast made for <paramref name="minute"/> (a ring as long as the horizon; a new horizon starts it afresh).</summary>
    public void Expect(long minute, double cores, int horizonMinutes)
    {
        if (_ahead.Length != horizonMinutes)
        {
            _ahead = new Expected[horizonMinutes];
            Array.Fill(_ahead, new Expected(long.MinValue, 0));
        }

        _ahead[Slot(minute)] = new Expected(minute, (float)cores);
    }

    /// <summary>The minute has finished with <paramref name="cores"/>: the forecast made for it, if any, is scored.</summary>
    public void Matured(long minute, double cores)
    {
        if (_ahead.Length == 0)
        {
            return;
        }

        ref Expected slot = ref _ahead[Slot(minute)];
        if (slot.Minute == minute)
        {
            Guard.Observe(slot.Cores, cores);
            slot = new Expected(long.MinValue, 0);
        }
    }

    private int Slot(long minute) => (int)(((minute % _ahead.Length) + _ahead.Length) % _ahead.Length);

    /// <summary>A forecast in flight: the cores forecast for <see cref="Minute"/>.</summary>
    private readonly record struct Expected(long Minute, float Cores);
}
