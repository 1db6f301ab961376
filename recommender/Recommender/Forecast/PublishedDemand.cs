namespace KernelTruth.Recommender.Forecast;

/// <summary>
/// A workload's last published forecast as numbers, kept inline in its <see cref="WorkloadDemand"/> (56 bytes) and
/// made into a <see cref="DemandForecast"/> when read. A record object and its reason text each minute cost 88 bytes
/// plus 150–250 bytes of text while reactive, the text the same for most minutes.
/// </summary>
/// <remarks>
/// Its numbers are kept flat, the reason's and the prediction's flags beside its count, so that the struct is 56 bytes
/// and a holder needs no Nullable (<see cref="Made"/> is false for default): the reason (<see cref="ReactiveReason"/>,
/// 24 bytes with padding), the prediction as a double? (16) and the PublishedDemand? around it (8 more) made it 72.
/// </remarks>
internal readonly record struct PublishedDemand
{
    private readonly string? _refusedModel;
    private readonly double _predictedCores;
    private readonly double _error;
    private readonly int _count;
    private readonly ReactiveReasonKind _kind;
    private readonly bool _predicted;
    private readonly bool _made;

    /// <param name="minute">The last finished minute (minutes since the epoch): the forecast's <see cref="DemandForecast.MadeAt"/>.</param>
    /// <param name="reactiveCores">The demand of that minute.</param>
    /// <param name="predictedCores">The forecaster's prediction; null before a fit or without a week of history.</param>
    /// <param name="horizonSeconds">Start time plus the HPA sync period.</param>
    /// <param name="reason">Why the reactive value is published; <see cref="ReactiveReasonKind.None"/> when the forecast is.</param>
    public PublishedDemand(long minute, double reactiveCores, double? predictedCores, double horizonSeconds, ReactiveReason reason)
    {
        (Minute, ReactiveCores, HorizonSeconds) = (minute, reactiveCores, horizonSeconds);
        (_predicted, _predictedCores) = (predictedCores.HasValue, predictedCores.GetValueOrDefault());
        (_kind, _count, _error, _refusedModel) = (reason.Kind, reason.Count, reason.Error, reason.RefusedModel);
        _made = true;
    }

    /// <summary>The last finished minute (minutes since the epoch): the forecast's <see cref="DemandForecast.MadeAt"/>.</summary>
    public long Minute { get; }

    /// <summary>The demand of that minute.</summary>
    public double ReactiveCores { get; }

    /// <summary>The forecaster's prediction; null before a fit or without a week of history.</summary>
    public double? PredictedCores => _predicted ? _predictedCores : null;

    /// <summary>Start time plus the HPA sync period.</summary>
    public double HorizonSeconds { get; }

    /// <summary>Why the reactive value is published; <see cref="ReactiveReasonKind.None"/> when the forecast is.</summary>
    public ReactiveReason Reason => new(_kind, _count, _error, _refusedModel);

    /// <summary>True when made by the constructor; false for default, which holders read as nothing published yet.</summary>
    public bool Made => _made;

    /// <summary>True when the forecast is published: the guard trusts it (no reason to fall back).</summary>
    public bool FromForecaster => _kind == ReactiveReasonKind.None && _predicted;

    /// <summary>
    /// The published value: the forecast, never below the last minute's demand, when trusted; else the reactive value.
    /// Example: predicted 3.2 cores, the last minute 3.5, trusted ⇒ 3.5 cores.
    /// </summary>
    public double Cores => FromForecaster ? Math.Max(_predictedCores, ReactiveCores) : ReactiveCores;

    /// <summary>The published record, with the reason's text while reactive.</summary>
    public DemandForecast ToForecast() => new(
        Cores, FromForecaster ? ForecastSources.Forecast : ForecastSources.Reactive, Reason.Text(), HorizonSeconds, ReactiveCores, DateTimeOffset.UnixEpoch.AddMinutes(Minute), PredictedCores);
}
