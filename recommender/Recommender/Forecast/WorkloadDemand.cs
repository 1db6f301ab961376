using KernelTruth.Simulations.Forecast;

namespace KernelTruth.Recommender.Forecast;

/// <summary>
/// Everything kept per workload for forecasting: its <see cref="DemandHistory"/> (checkpointed), the minute being
/// summed, the forecasts in flight (checked by the <see cref="ForecastGuard"/> when their minute comes), at most one
/// training example waiting for its label, and the value last published.
/// </summary>
internal sealed class WorkloadDemand(DemandHistory history, ForecastGuard? guard = null)
{
    private long[] _aheadMinute = [];
    private float[] _ahead = [];

    public DemandHistory History { get; } = history;

    public MinuteSums Minutes;

    /// <summary>Checkpointed beside the history (<see cref="ForecastGuard.ToBytes"/>): trust survives a restart.</summary>
    public ForecastGuard Guard { get; } = guard ?? new();

    /// <summary>Features of an example whose label (the demand at <see cref="ExampleMinute"/>) is not known yet; null when none waits.</summary>
    public float[]? ExampleFeatures { get; set; }

    public double ExampleLevel { get; set; }

    public long ExampleMinute { get; set; }

    public DemandForecast? Published { get; set; }

    /// <summary>Bytes held beyond the history: the ring of forecasts in flight, the waiting example, the guard, the sums.</summary>
    public int RetainedBytes => (_ahead.Length * (sizeof(long) + sizeof(float))) + (ExampleFeatures is null ? 0 : ForecastFeatures.Count * sizeof(float)) + 64;

    /// <summary>Keeps the forecast made for <paramref name="minute"/> (a ring as long as the horizon; a new horizon starts it afresh).</summary>
    public void Expect(long minute, double cores, int horizonMinutes)
    {
        if (_ahead.Length != horizonMinutes)
        {
            _aheadMinute = new long[horizonMinutes];
            Array.Fill(_aheadMinute, long.MinValue);
            _ahead = new float[horizonMinutes];
        }

        int slot = (int)(((minute % horizonMinutes) + horizonMinutes) % horizonMinutes);
        (_aheadMinute[slot], _ahead[slot]) = (minute, (float)cores);
    }

    /// <summary>The minute has finished with <paramref name="cores"/>: the forecast made for it, if any, is scored.</summary>
    public void Matured(long minute, double cores)
    {
        if (_ahead.Length == 0)
        {
            return;
        }

        int slot = (int)(((minute % _ahead.Length) + _ahead.Length) % _ahead.Length);
        if (_aheadMinute[slot] == minute)
        {
            Guard.Observe(_ahead[slot], cores);
            _aheadMinute[slot] = long.MinValue;
        }
    }
}
