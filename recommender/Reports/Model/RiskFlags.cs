namespace KernelTruth.Reports.Model;

/// <summary>What could go wrong with a workload today or after the change.</summary>
[Flags]
public enum RiskFlags
{
    None = 0,

    /// <summary>Measured: more than 1 % of periods throttled, or throttle-wait p99 over 10 ms (the default SLO).</summary>
    Throttled = 1,

    /// <summary>Measured: run-queue wait p99 over 10 ms; a limit will not fix it (requests, replicas, nodes will).</summary>
    Contended = 2,

    /// <summary>Confidence below 0.5: less than a day of history behind the figures.</summary>
    LowConfidence = 4,

    /// <summary>The recommended memory limit (or request, without a limit) is below the observed peak, or OOM kills happened.</summary>
    WouldBeOom = 8,

    /// <summary>The recommended limit is still predicted to miss the throttling SLO.</summary>
    ThrottledAfter = 16,

    /// <summary>Savings below zero: the workload is under-provisioned and fixing it costs money.</summary>
    CostsMore = 32,
}
