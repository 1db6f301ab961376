namespace KernelTruth.Models.Histograms;

/// <summary>How a percentile is read from a bucket.</summary>
internal enum PercentileMode
{
    /// <summary>
    /// The upper edge of the bucket where the cumulative weight reaches p·total, no interpolation
    /// (VPA's Percentile; the last bucket answers its start). Never below any value the bucket holds.
    /// </summary>
    UpperEdge,

    /// <summary>
    /// Linear within the bucket, as Prometheus' histogram_quantile: assumes the bucket's weight is
    /// spread evenly between its edges. Used for waits, where log2 buckets are too coarse for edges.
    /// </summary>
    Interpolated,
}
