namespace KernelTruth.Simulations.Forecast;

/// <summary>
/// Walks a per-minute demand series through a <see cref="DemandHistory"/> in time order, as the recommender would
/// see it, and stops at every minute from which a forecast may be made (the history covers a week): no value after
/// minute t is ever used for a forecast made at t.
/// </summary>
public static class ForecastWalk
{
    /// <summary>(t, features, level) at every <paramref name="strideMinutes"/>-th ready minute t with t + h inside the series.</summary>
    public static IEnumerable<(int T, float[] Features, double Level)> Ready(IReadOnlyList<double> minutes, long firstMinute, int horizonMinutes, int strideMinutes = 1)
    {
        ArgumentNullException.ThrowIfNull(minutes);
        var history = new DemandHistory();
        for (int t = 0; t + horizonMinutes < minutes.Count; t++)
        {
            history.Add(firstMinute + t, minutes[t]);
            if (t % strideMinutes == 0 && history.WeekCovered)
            {
                var features = ForecastFeatures.At(history, firstMinute + t, horizonMinutes, out double level);
                yield return (t, features, level);
            }
        }
    }

    /// <summary>Training examples of one series: the label is the demand at t + h over the level at t.</summary>
    public static IEnumerable<ForecastExample> Examples(IReadOnlyList<double> minutes, long firstMinute, int horizonMinutes, int strideMinutes = 1) =>
        Ready(minutes, firstMinute, horizonMinutes, strideMinutes).Select(r => new ForecastExample(r.Features, (float)(minutes[r.T + horizonMinutes] / r.Level)));

    /// <summary>
    /// The forecast for minute t + h made at each minute t of the series (index t + h holds it); NaN where no forecast
    /// could be made (the first week).
    /// </summary>
    public static double[] Forecasts(DemandForecaster forecaster, IReadOnlyList<double> minutes, long firstMinute, int horizonMinutes)
    {
        ArgumentNullException.ThrowIfNull(forecaster);
        var ahead = new double[minutes.Count];
        Array.Fill(ahead, double.NaN);
        foreach (var (t, features, level) in Ready(minutes, firstMinute, horizonMinutes))
        {
            ahead[t + horizonMinutes] = forecaster.Predict(features, level);
        }

        return ahead;
    }
}
