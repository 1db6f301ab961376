namespace KernelTruth.Models.Throttling;

/// <summary>The smallest limit meeting the throttling SLO within the allowed range, and what it predicts.</summary>
/// <param name="LimitCores">The chosen limit (whole millicores).</param>
/// <param name="UncappedLimitCores">The SLO limit before the allowed range was applied.</param>
/// <param name="SloMet">False when even the largest allowed limit misses the SLO.</param>
/// <param name="Prediction">The throttle model's prediction at <paramref name="LimitCores"/>.</param>
/// <param name="PerPeriodLimitCores">The closed form's SLO limit, each period taken alone; below
/// <paramref name="UncappedLimitCores"/> when the backlog carried between periods needed more.</param>
internal sealed record SloLimit(double LimitCores, double UncappedLimitCores, bool SloMet, ThrottlePrediction Prediction, double PerPeriodLimitCores);
