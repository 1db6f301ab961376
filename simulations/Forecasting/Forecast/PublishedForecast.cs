namespace KernelTruth.Simulations.Forecast;

/// <summary>
/// What would be published as cpu_demand_forecast_cores minute by minute: the forecast for minute t + h made at t,
/// or NaN (fall back to the reactive value) while the forecaster is unsure: no week of history yet, or the
/// <see cref="ForecastGuard"/> finds its recent forecasts too far off.
/// </summary>
public static class PublishedForecast
{
    /// <param name="ahead">From <see cref="ForecastWalk.Forecasts"/>: index m holds the forecast for minute m.</param>
    /// <returns>Index t holds what is published at minute t (a forecast for t + h), and how many minutes fell back.</returns>
    public static (double[] AtMinute, int FallbackMinutes) From(double[] ahead, IReadOnlyList<double> minutes, int horizonMinutes)
    {
        ArgumentNullException.ThrowIfNull(ahead);
        ArgumentNullException.ThrowIfNull(minutes);
        var guard = new ForecastGuard();
        var published = new double[minutes.Count];
        int fallback = 0;
        for (int t = 0; t < minutes.Count; t++)
        {
            guard.Observe(ahead[t], minutes[t]); // the forecast made h minutes ago for this minute has matured
            double f = t + horizonMinutes < ahead.Length ? ahead[t + horizonMinutes] : double.NaN;
            bool use = !double.IsNaN(f) && guard.Trusted;
            published[t] = use ? f : double.NaN;
            fallback += use ? 0 : 1;
        }

        return (published, fallback);
    }
}
