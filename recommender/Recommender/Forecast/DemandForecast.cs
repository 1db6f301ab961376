namespace KernelTruth.Recommender.Forecast;

/// <summary>
/// What is published as <c>cpu_demand_forecast_cores</c> for one workload (all its replicas): the demand expected
/// <see cref="HorizonSeconds"/> from <see cref="MadeAt"/>, never below the demand now (the rule the HPA backtest
/// replays: scaling ahead must never scale later than reacting would), or, while the forecaster is unsure, the
/// reactive value (the demand of the last finished minute) with the reason. Example: a workload whose pods take 40 s to be ready, HPA
/// syncing every 15 s ⇒ horizon 55 s, rounded up to whole minutes: the forecast for 2 minutes ahead.
/// </summary>
/// <param name="Cores">The published value, cores summed over the workload's replicas: max(<paramref name="PredictedCores"/>, <paramref name="ReactiveCores"/>) from the forecaster, else the reactive value.</param>
/// <param name="Source"><see cref="ForecastSources.Forecast"/> or <see cref="ForecastSources.Reactive"/>.</param>
/// <param name="Reason">Why the reactive value is published; null when the forecast is.</param>
/// <param name="HorizonSeconds">Measured p50 start (ready) time, 60 s when unmeasured, plus the HPA sync period.</param>
/// <param name="ReactiveCores">The demand of the last finished minute, for comparison.</param>
/// <param name="MadeAt">The start of the last finished minute, from which the forecast looks ahead.</param>
/// <param name="PredictedCores">The forecaster's own prediction; null before a fit or without a week of history.</param>
public sealed record DemandForecast(double Cores, string Source, string? Reason, double HorizonSeconds, double ReactiveCores, DateTimeOffset MadeAt, double? PredictedCores = null);

/// <summary>Where a published forecast value came from. Part of the API (profiles show it): never rename.</summary>
public static class ForecastSources
{
    /// <summary>The forecaster's prediction.</summary>
    public const string Forecast = "forecast";

    /// <summary>The last finished minute's demand, published while the forecaster is unsure.</summary>
    public const string Reactive = "reactive";
}
