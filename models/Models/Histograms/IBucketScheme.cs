namespace KernelTruth.Models.Histograms;

/// <summary>
/// Maps values to bucket indices. A scheme is fixed for the life of a histogram and named in its
/// persisted form, so a checkpoint written with other buckets is refused instead of misread.
/// </summary>
internal interface IBucketScheme
{
    int BucketCount { get; }

    /// <summary>Identifies the scheme and its parameters, e.g. "exp:0.01:1.05:1000".</summary>
    string Name { get; }

    int FindBucket(double value);

    double BucketStart(int bucket);

    /// <summary>The bucket's upper edge (for the last bucket: its start, it has no upper bound).</summary>
    double BucketEnd(int bucket);
}
