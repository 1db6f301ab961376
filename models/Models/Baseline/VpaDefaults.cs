using KernelTruth.Models.Estimation;

namespace KernelTruth.Models.Baseline;

/// <summary>
/// The stock VPA recommender's defaults (VPA 1.7.1). Fixed on
/// purpose: the baseline shows what an unconfigured VPA would say.
/// </summary>
internal static class VpaDefaults
{
    public const double CpuFirstBucketCores = 0.01;
    public const double CpuMaxCores = 1000.0;
    public const double MemoryFirstBucketBytes = 1e7;
    public const double MemoryMaxBytes = 1e12;
    public const double BucketGrowth = 1.05;

    /// <summary>minSampleWeight: every CPU sample weighs 0.1 (request weighting was dead code, removed in VPA 1.4).</summary>
    public const double CpuSampleWeight = 0.1;

    /// <summary>epsilon = 0.001 × minSampleWeight: a bucket below it counts as empty.</summary>
    public const double Epsilon = 0.001 * CpuSampleWeight;

    public const double TargetPercentile = 0.9;
    public const double LowerBoundPercentile = 0.5;
    public const double UpperBoundPercentile = 0.95;
    public const double SafetyMargin = 0.15;
    public const double PodMinCpuMillicores = 25;
    public const double PodMinMemoryMb = 250;
    public const double OomBumpUpRatio = 1.2;
    public const double OomMinBumpUpBytes = 100 * 1024 * 1024;

    public static readonly TimeSpan HalfLife = TimeSpan.FromHours(24);
    public static readonly TimeSpan MemoryAggregationInterval = TimeSpan.FromHours(24);

    /// <summary>CPU: 0.01 core first bucket, ×1.05, up to 1000 cores ⇒ 176 buckets.</summary>
    public static readonly Histograms.ExponentialBuckets CpuBuckets = new(CpuFirstBucketCores, BucketGrowth, CpuMaxCores);

    /// <summary>Memory: 1e7 B first bucket, ×1.05, up to 1e12 B ⇒ 176 buckets.</summary>
    public static readonly Histograms.ExponentialBuckets MemoryBuckets = new(MemoryFirstBucketBytes, BucketGrowth, MemoryMaxBytes);

    public static readonly Histograms.HistogramShape CpuShape = new(CpuBuckets, HalfLife, Epsilon, CpuBuckets.BucketCount);

    /// <summary>Memory peaks weigh 1.0 with the same epsilon; OOM bumps truncate to whole bytes as ResourceAmount does.</summary>
    public static readonly Memory.PeaksShape MemoryShape = new(
        new Histograms.HistogramShape(MemoryBuckets, HalfLife, Epsilon, MemoryBuckets.BucketCount),
        MemoryAggregationInterval,
        static x => Amounts.VpaResourceAmount.Apply(x));
}
