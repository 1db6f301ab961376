namespace KernelTruth.Models.Throttling;

/// <summary>
/// What the throttle model predicts at one CPU limit.
/// </summary>
/// <param name="LimitCores">The limit the prediction is for.</param>
/// <param name="ThrottledPeriodsRatio">Predicted share of periods throttled, 0..1.</param>
/// <param name="ThrottleWaitP50Seconds">Median over periods of the quota wait a period imposes (0 for an unthrottled period).</param>
/// <param name="ThrottleWaitP99Seconds">99th percentile of the same.</param>
/// <param name="Extrapolated">True when the numbers rest on the censored-tail assumption (demand seen only as "≥ an old limit").</param>
public sealed record ThrottlePrediction(
    double LimitCores,
    double ThrottledPeriodsRatio,
    double ThrottleWaitP50Seconds,
    double ThrottleWaitP99Seconds,
    bool Extrapolated);
