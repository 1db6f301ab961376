namespace KernelTruth.Models.Histograms;

/// <summary>
/// One (bucket, weight) pair of <see cref="SparseWeights{TEntry}"/> and how its weight is stored: as a double
/// (VPA's arithmetic, bit for bit) or as a float (half the bytes, 24 bits of precision).
/// </summary>
internal interface IWeightEntry<TSelf>
    where TSelf : struct, IWeightEntry<TSelf>
{
    /// <summary>Bytes one entry takes in the array.</summary>
    static abstract int Bytes { get; }

    /// <summary>
    /// Buckets the entry can index (0 … BucketLimit − 1): a shape with more buckets is refused on first use
    /// (<see cref="DecayingWeights{TEntry}"/>) rather than have its indices wrap.
    /// </summary>
    static abstract int BucketLimit { get; }

    /// <summary>True when a stored weight is exactly the double it was given (the total may then be kept as VPA keeps it).</summary>
    static abstract bool IsExact { get; }

    /// <summary>
    /// The largest decay exponent (in half-lives past the reference) before the reference must move: it bounds the
    /// largest weight to 2^MaxDecayExponent × the weight a half-life of samples adds at the reference.
    /// </summary>
    static abstract int MaxDecayExponent { get; }

    /// <summary>
    /// Share of the total by which a cumulative weight may fall short of p·total and still count as reaching it:
    /// how far rounding can move a cumulative share, so exact ties (570 of 600 periods for p95) stay on the lower value.
    /// </summary>
    static abstract double TieSlack { get; }

    int Bucket { get; }

    /// <summary>The stored weight; setting it rounds to what the entry can hold.</summary>
    double Weight { get; set; }

    static abstract TSelf Create(int bucket, double weight);
}
