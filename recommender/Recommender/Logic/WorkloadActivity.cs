namespace KernelTruth.Recommender.Logic;

/// <summary>
/// What a workload did over its last observed interval, as a person watching it wants it:
/// the average metrics-server would show next to what the kernel did within it.
/// </summary>
public sealed record WorkloadActivity(
    string Workload,
    DateTimeOffset Time,
    double UsageCores,
    double? LimitCores,
    double ThrottledPeriodsRatio,
    double ThrottleWaitP99Seconds,
    double ContentionWaitP99Seconds,
    double SwitchesPerSecond);
