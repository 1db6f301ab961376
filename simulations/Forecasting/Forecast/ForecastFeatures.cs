namespace KernelTruth.Simulations.Forecast;

/// <summary>
/// What the forecaster sees at minute t to predict minute t + h, every value divided by the workload's level (its
/// hour-of-week mean) so one model serves workloads of any size: the seasonal value ahead and now, the last minute,
/// the means of the last 5 and 15 minutes, the 10-minute trend, how far the last 5 minutes sit above the seasonal
/// value, and the hour of day ahead as a point on a circle.
/// Example: level 4 cores, last 5 minutes at 6 cores while the hour's mean is 5 ⇒ Residual = (6 − 5)/4 = 0.25.
/// </summary>
public static class ForecastFeatures
{
    public const int Count = 9;

    /// <summary>Below this level (cores) the workload is idle: features are scaled by it instead, never divided by ~0.</summary>
    public const double MinLevelCores = 0.01;

    public static float[] At(DemandHistory history, long minute, int horizonMinutes, out double level)
    {
        ArgumentNullException.ThrowIfNull(history);
        level = Math.Max(history.Level(), MinLevelCores);
        double mean5 = Mean(history, 0, 5), mean15 = Mean(history, 0, 15), earlier = Mean(history, 10, 5);
        double seasonalNow = history.Seasonal(minute), seasonalAhead = history.Seasonal(minute + horizonMinutes);
        double hourOfDay = (((minute + horizonMinutes) % 1440) + 1440) % 1440 / 60.0;
        return
        [
            (float)(seasonalAhead / level),
            (float)(seasonalNow / level),
            (float)(history.Recent(0) / level),
            (float)(mean5 / level),
            (float)(mean15 / level),
            (float)((mean5 - earlier) / level),
            (float)((mean5 - seasonalNow) / level),
            (float)Math.Sin(2 * Math.PI * hourOfDay / 24),
            (float)Math.Cos(2 * Math.PI * hourOfDay / 24),
        ];
    }

    private static double Mean(DemandHistory history, int fromLag, int minutes)
    {
        double sum = 0;
        for (int i = 0; i < minutes; i++)
        {
            sum += history.Recent(fromLag + i);
        }

        return sum / minutes;
    }
}
