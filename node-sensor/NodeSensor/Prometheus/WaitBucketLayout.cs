namespace KernelTruth.NodeSensor.Prometheus;

/// <summary>
/// Which of the kernel's 27 log2 wait slots /metrics writes as histogram buckets (<see cref="WaitHistogramText"/>).
/// </summary>
public enum WaitBucketLayout
{
    /// <summary>
    /// The default: le = 1.024 ms, 8.192 ms, 65.536 ms and +Inf, plus _sum and _count: 6 series per wait histogram
    /// instead of 29, so a container stays within the series budget (docs/metrics.md, "The sensor"). The edges are three of
    /// the kernel's own, 8× apart, so each count is exact, not interpolated: "waits over 8 ms" is
    /// count − bucket{le="0.008192"}.
    /// </summary>
    Coarse,

    /// <summary>Every slot edge, 2 µs … 67.1 s (--full-wait-histograms): 29 series per wait histogram.</summary>
    Full,
}
