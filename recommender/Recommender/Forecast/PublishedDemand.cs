namespace KernelTruth.Recommender.Forecast;

/// <summary>
/// A workload's last published forecast as the numbers nothing else keeps, inline in its <see cref="WorkloadDemand"/>
/// (40 bytes) and made into a <see cref="DemandForecast"/> when read. A record object and its reason text each minute
/// cost 88 bytes plus 150–250 bytes of text while reactive, the text the same for most minutes.
/// </summary>
/// <remarks>
/// Two numbers of the record are not kept here because the holder keeps them already, unchanged until the next
/// publication: the minute it was made at (a minute is published as it is added to the history, so it is the
/// history's last minute) and, for <see cref="ReactiveReasonKind.TooFarOff"/>, the guard's error (only a finished
/// minute moves the guard, and a finished minute publishes again). They are handed in when read
/// (<see cref="ToForecast"/>). The rest is kept flat, the reason's and the prediction's flags beside its count, so
/// that a holder needs no Nullable (<see cref="Made"/> is false for default): reference (8) + three doubles (24) +
/// count (4) + kind and two flags (3) = 39, padded to 40. With the minute and the error it was 56; the reason
/// (<see cref="ReactiveReason"/>, 24 bytes with padding), the prediction as a double? (16) and the PublishedDemand?
/// around it (8 more) made it 72.
/// </remarks>
internal readonly record struct PublishedDemand
{
    private readonly string? _refusedModel;
    private readonly double _predictedCores;
    private readonly int _count;
    private readonly ReactiveReasonKind _kind;
    private readonly bool _predicted;
    private readonly bool _made;

    /// <param name="reactiveCores">The demand of the minute published at.</param>
    /// <param name="predictedCores">The forecaster's prediction; null before a fit or without a week of history.</param>
    /// <param name="horizonSeconds">Start time plus the HPA sync period.</param>
    /// <param name="kind">Why the reactive value is published; <see cref="ReactiveReasonKind.None"/> when the forecast is.</param>
    /// <param name="count">Hours covered, examples collected or forecasts checked, by <paramref name="kind"/>.</param>
    /// <param name="refusedModel">Why the checkpoint's forecaster could not be loaded, for <see cref="ReactiveReasonKind.NoForecasterRefused"/>.</param>
    public PublishedDemand(double reactiveCores, double? predictedCores, double horizonSeconds, ReactiveReasonKind kind, int count = 0, string? refusedModel = null)
    {
        (ReactiveCores, HorizonSeconds) = (reactiveCores, horizonSeconds);
        (_predicted, _predictedCores) = (predictedCores.HasValue, predictedCores.GetValueOrDefault());
        (_kind, _count, _refusedModel) = (kind, count, refusedModel);
        _made = true;
    }

    /// <summary>The demand of the minute published at.</summary>
    public double ReactiveCores { get; }

    /// <summary>The forecaster's prediction; null before a fit or without a week of history.</summary>
    public double? PredictedCores => _predicted ? _predictedCores : null;

    /// <summary>Start time plus the HPA sync period.</summary>
    public double HorizonSeconds { get; }

    /// <summary>True when made by the constructor; false for default, which holders read as nothing published yet.</summary>
    public bool Made => _made;

    /// <summary>True when the forecast is published: the guard trusts it (no reason to fall back).</summary>
    public bool FromForecaster => _kind == ReactiveReasonKind.None && _predicted;

    /// <summary>
    /// The published value: the forecast, never below the last minute's demand, when trusted; else the reactive value.
    /// Example: predicted 3.2 cores, the last minute 3.5, trusted ⇒ 3.5 cores.
    /// </summary>
    public double Cores => FromForecaster ? Math.Max(_predictedCores, ReactiveCores) : ReactiveCores;

    /// <summary>Why the reactive value is published, with the guard's error when that is the reason.</summary>
    public ReactiveReason Reason(double guardError) =>
        new(_kind, _count, _kind == ReactiveReasonKind.TooFarOff ? guardError : 0, _refusedModel);

    /// <summary>The published record, with the reason's text while reactive.</summary>
    /// <param name="minute">The minute published at (minutes since the epoch): the record's <see cref="DemandForecast.MadeAt"/>.</param>
    /// <param name="guardError">The guard's recent error then, the number a <see cref="ReactiveReasonKind.TooFarOff"/> reason gives.</param>
    public DemandForecast ToForecast(long minute, double guardError) => new(
        Cores, FromForecaster ? ForecastSources.Forecast : ForecastSources.Reactive, Reason(guardError).Text(), HorizonSeconds, ReactiveCores, DateTimeOffset.UnixEpoch.AddMinutes(minute), PredictedCores);
}
