namespace KernelTruth.Models.Histograms;

/// <summary>
/// What every histogram of one kind shares: buckets, half-life, the weight below which a bucket is
/// empty, and how many buckets may hold weight. One instance serves all containers, so a histogram
/// carries one reference instead of four fields.
/// </summary>
internal sealed class HistogramShape
{
    public HistogramShape(IBucketScheme scheme, TimeSpan halfLife, double epsilon, int maxEntries)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(halfLife, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEntries, 2);
        Scheme = scheme;
        HalfLife = halfLife;
        Epsilon = epsilon;
        BucketCount = scheme.BucketCount;
        MaxEntries = Math.Min(maxEntries, scheme.BucketCount);
    }

    public IBucketScheme Scheme { get; }

    /// <summary>The scheme's bucket count, held here so a histogram checks it against its entries' index width at no call's cost.</summary>
    public int BucketCount { get; }

    public TimeSpan HalfLife { get; }

    public double Epsilon { get; }

    public int MaxEntries { get; }
}
