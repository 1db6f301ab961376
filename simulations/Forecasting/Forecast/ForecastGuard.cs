namespace KernelTruth.Simulations.Forecast;

/// <summary>
/// Decides whether the forecast is trusted: the recent absolute percentage error of matured forecasts (an average with
/// weight 1/30 per minute, about the last half hour) must stay at or below <see cref="Threshold"/>, and at least
/// <see cref="MinMatured"/> forecasts must have matured. When not trusted, the published metric falls back to the
/// reactive value. Example: forecasts 10 % off for an hour ⇒ error ≈ 0.10 ≤ 0.25: trusted; a sudden regime change that
/// makes them 50 % off for 20 minutes ⇒ error ≈ 0.1 × e^(−20/30) + 0.5 × (1 − e^(−20/30)) ≈ 0.29 ⇒ falls back.
/// </summary>
public sealed class ForecastGuard
{
    public const double Threshold = 0.25;
    public const int MinMatured = 30;
    private const double Weight = 1.0 / 30;

    private int _matured;

    /// <summary>The recent absolute percentage error.</summary>
    public double Error { get; private set; }

    /// <summary>Forecasts scored so far.</summary>
    public int Matured => _matured;

    public bool Trusted => _matured >= MinMatured && Error <= Threshold;

    /// <summary>A forecast whose minute has come: its error against what happened (relative to at least 0.05 cores).</summary>
    public void Observe(double forecast, double actual)
    {
        if (double.IsNaN(forecast) || double.IsNaN(actual))
        {
            return;
        }

        double error = Math.Abs(forecast - actual) / Math.Max(actual, 0.05);
        Error = _matured == 0 ? error : Error + (Weight * (error - Error));
        _matured++;
    }
}
