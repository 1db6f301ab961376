using System.Globalization;
using KernelTruth.Simulations.Cost;
using KernelTruth.Simulations.Hpa;
using KernelTruth.Simulations.Replay;

namespace KernelTruth.Cli.Simulating;

/// <summary>`ktruth simulate --json`: the prediction at one limit (fields may be added, never renamed).</summary>
internal sealed record SimulateDocument(
    string ApiVersion,
    string Cgroup,
    double LimitCores,
    double PeriodSeconds,
    double BurstCores,
    double ThrottledPeriodsRatio,
    double ThrottleWaitP50Seconds,
    double ThrottleWaitP99Seconds,
    double UsageCores,
    long CountedPeriods,
    double ThrottledPeriods,
    double Confidence,
    bool Extrapolated,
    double? RecordedLimitCores,
    double? RecordedThrottledPeriodsRatio,
    IReadOnlyList<string> Warnings,
    double HeldBackArrivalShare,
    bool LoopDependent)
{
    public static SimulateDocument From(string cgroup, LimitPrediction p, double? recordedLimit, double? recordedRatio, IReadOnlyList<string> warnings) => new(
        "ktruth.io/v1", cgroup, p.LimitCores, p.PeriodSeconds, p.BurstCores, p.ThrottledPeriodsRatio, p.ThrottleWaitP50Seconds, p.ThrottleWaitP99Seconds,
        p.UsageCores, p.CountedPeriods, p.ThrottledPeriods, p.Confidence, p.Extrapolated, recordedLimit, recordedRatio,
        p.LoopDependent ? [.. warnings, LoopDependentWarning(p)] : warnings, p.HeldBackArrivalShare, p.LoopDependent);

    /// <summary>What a loop-dependent answer means, in one line (JSON warnings and under the table).</summary>
    public static string LoopDependentWarning(LimitPrediction p) => string.Create(CultureInfo.InvariantCulture,
        $"at {p.LimitCores:0.###} cores {p.HeldBackArrivalShare:P0} of the work arrives while earlier work still waits: {p.ThrottledPeriodsRatio:P1} throttled holds if the work keeps arriving (an open loop: requests from outside); a workload that slows down or skips work when held back (a closed loop: a poller, a batch loop) is throttled less and does less work, and the recording cannot tell which (measured on the kernel: 5–46 pp less for such workloads at 0.7–0.85 × their demand)");
}

/// <summary>`ktruth simulate hpa --json`.</summary>
internal sealed record HpaDocument(string ApiVersion, string Cgroup, HpaSignal Signal, double Target, double ReplicaHours, int MaxReplicas, double ThrottledPeriodsRatio, int MissingMetricSyncs, IReadOnlyList<HpaStep> Steps);

/// <summary>`ktruth simulate cost --json`: current vs recommended requests.</summary>
internal sealed record CostDocument(string ApiVersion, CostEstimate Current, CostEstimate Recommended, double Savings, IReadOnlyList<string> Warnings);
