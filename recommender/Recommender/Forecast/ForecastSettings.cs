namespace KernelTruth.Recommender.Forecast;

/// <summary>
/// How the recommender forecasts demand.
/// </summary>
/// <param name="HpaSyncPeriod">The HPA's sync period (kube-controller-manager <c>--horizontal-pod-autoscaler-sync-period</c>, 15 s by default): added to a pod's start time to make the horizon.</param>
/// <param name="RetrainInterval">At most one fit of the global model per this much wall time (it runs off the loop, on a background thread).</param>
public sealed record ForecastSettings(TimeSpan HpaSyncPeriod, TimeSpan RetrainInterval)
{
    /// <summary>The HPA's default sync period.</summary>
    public static readonly TimeSpan DefaultHpaSyncPeriod = TimeSpan.FromSeconds(15);

    /// <summary>Start time assumed for a workload whose starts the sensor has not measured.</summary>
    public static readonly TimeSpan DefaultStartTime = TimeSpan.FromSeconds(60);

    /// <summary>Start times above this are clamped: a horizon of more than half an hour is no forecast for a scaler.</summary>
    public static readonly TimeSpan MaxStartTime = TimeSpan.FromMinutes(30);

    public static ForecastSettings Default { get; } = new(DefaultHpaSyncPeriod, TimeSpan.FromHours(1));

    /// <summary>
    /// The horizon in whole minutes (the history's resolution), at least 1: start time + sync, rounded up.
    /// Example: p50 start 40 s + sync 15 s = 55 s ⇒ 1 minute; unmeasured (60 s) + 15 s = 75 s ⇒ 2 minutes.
    /// </summary>
    public int HorizonMinutes(double? startSeconds) => Math.Max(1, (int)Math.Ceiling(HorizonSeconds(startSeconds) / 60));

    /// <summary>Start time (measured p50, else 60 s; clamped to 0–30 min) plus the sync period, in seconds.</summary>
    public double HorizonSeconds(double? startSeconds)
    {
        double start = startSeconds is double s && double.IsFinite(s) ? Math.Clamp(s, 0, MaxStartTime.TotalSeconds) : DefaultStartTime.TotalSeconds;
        return start + HpaSyncPeriod.TotalSeconds;
    }
}
