namespace KernelTruth.Recommender.Forecast;

/// <summary>
/// A workload's last published forecast as numbers, kept inline in its <see cref="WorkloadDemand"/> (64 bytes) and
/// made into a <see cref="DemandForecast"/> when read. A record object and its reason text each minute cost 88 bytes
/// plus 150–250 bytes of text while reactive, the text the same for most minutes.
/// </summary>
/// <param name="Minute">The last finished minute (minutes since the epoch): the forecast's <see cref="DemandForecast.MadeAt"/>.</param>
/// <param name="ReactiveCores">The demand of that minute.</param>
/// <param name="PredictedCores">The forecaster's prediction; null before a fit or without a week of history.</param>
/// <param name="HorizonSeconds">Start time plus the HPA sync period.</param>
/// <param name="Reason">Why the reactive value is published; <see cref="ReactiveReasonKind.None"/> when the forecast is.</param>
internal readonly record struct PublishedDemand(long Minute, double ReactiveCores, double? PredictedCores, double HorizonSeconds, ReactiveReason Reason)
{
    /// <summary>True when the forecast is published: the guard trusts it (no reason to fall back).</summary>
    public bool FromForecaster => Reason.Kind == ReactiveReasonKind.None && PredictedCores is not null;

    /// <summary>
    /// The published value: the forecast, never below the last minute's demand, when trusted; else the reactive value.
    /// Example: predicted 3.2 cores, the last minute 3.5, trusted ⇒ 3.5 cores.
    /// </summary>
    public double Cores => FromForecaster ? Math.Max(PredictedCores!.Value, ReactiveCores) : ReactiveCores;

    /// <summary>The published record, with the reason's text while reactive.</summary>
    public DemandForecast ToForecast() => new(
        Cores, FromForecaster ? ForecastSources.Forecast : ForecastSources.Reactive, Reason.Text(), HorizonSeconds, ReactiveCores, DateTimeOffset.UnixEpoch.AddMinutes(Minute), PredictedCores);
}
