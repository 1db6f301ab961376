namespace KernelTruth.Models.Histograms;

/// <summary>
/// A (bucket, float weight) pair, 8 bytes instead of 12: for our own demand and wait histograms, whose answers
/// are read on a millicore grid or a log2 slot, where 24 bits of weight (a relative error of 6e-8 per bucket)
/// cannot move a percentile by more than a tie between neighbouring buckets. Sums stay in double.
/// </summary>
/// <remarks>
/// Range: a float holds up to 2^128. The reference moves once a sample would weigh more than 2^64 (not VPA's 2^100),
/// so the largest weight is 2^64 × (weight added per half-life) × 2 (the older half-lives sum to at most as much
/// again). Worked example, the worst per-period case: 1 ms CFS periods (the kernel's minimum) over a 24 h half-life
/// are 8.64e7 ≈ 2^26.4 periods ⇒ 2^64 × 2^26.4 × 2 = 2^91.4, a factor 2^36 below the float limit. At the other end,
/// each move scales old weights by 2^-64; a weight that underflows to 0 (two moves, 128 half-lives old) is dropped,
/// as it cannot move a percentile next to weights ≥ 1.
/// </remarks>
internal struct CompactWeight(int bucket, double weight) : IWeightEntry<CompactWeight>
{
    private float _weight = (float)weight;

    public static int Bytes => 8;

    public static int BucketLimit => int.MaxValue;

    public static bool IsExact => false;

    public static int MaxDecayExponent => 64;

    /// <summary>
    /// 1e-5. Each add rounds a bucket to 2^-25 of itself, and older rounding decays with the weights, so a bucket's
    /// error is a random walk over the adds of about one half-life: measured 1.6e-7 of the total after 30 days of
    /// minutes (the exact-tie test), ~3e-6 expected for 10 s intervals (12 500 adds a half-life: √12 500 × 2^-25 ≈
    /// 3.3e-6 relative). Cost: p is read as p·(1 − 1e-5), so a p99 limit ignores at most 1 period in 100 000 more.
    /// </summary>
    public static double TieSlack => 1e-5;

    public readonly int Bucket { get; } = bucket;

    public double Weight
    {
        readonly get => _weight;
        set => _weight = (float)value;
    }

    public static CompactWeight Create(int bucket, double weight) => new(bucket, weight);
}
