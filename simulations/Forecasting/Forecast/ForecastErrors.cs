namespace KernelTruth.Simulations.Forecast;

/// <summary>
/// Error of one forecast method over a stretch of minutes: MAPE (mean |f − y| / y over minutes with y ≥ 0.05 cores)
/// and the pinball loss at the 0.9 quantile in cores (under-forecasting costs 9 times as much as over-forecasting:
/// for scaling ahead, too little is worse than too much). Example: y = 10, f = 8 ⇒ APE 0.2, pinball 0.9 × 2 = 1.8;
/// f = 12 ⇒ APE 0.2, pinball 0.1 × 2 = 0.2.
/// </summary>
public sealed record ForecastErrors(string Method, double Mape, double Pinball90, int Minutes)
{
    public const double Quantile = 0.9;

    public static ForecastErrors Of(string method, IReadOnlyList<(double Forecast, double Actual)> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        double ape = 0, pinball = 0;
        int apeCount = 0;
        foreach (var (f, y) in pairs)
        {
            if (y >= 0.05)
            {
                ape += Math.Abs(f - y) / y;
                apeCount++;
            }

            pinball += y >= f ? Quantile * (y - f) : (1 - Quantile) * (f - y);
        }

        return new ForecastErrors(method, apeCount == 0 ? 0 : ape / apeCount, pairs.Count == 0 ? 0 : pinball / pairs.Count, pairs.Count);
    }
}
