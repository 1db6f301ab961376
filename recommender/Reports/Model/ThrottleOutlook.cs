namespace KernelTruth.Reports.Model;

/// <summary>Throttling predicted at one CPU limit (null limit = no limit: nothing is throttled).</summary>
/// <param name="Extrapolated">The prediction rests on demand seen only as "at least the old limit".</param>
public sealed record ThrottleOutlook(double? LimitCores, double ThrottledPeriodsRatio, double ThrottleWaitP99Seconds, bool Extrapolated);
