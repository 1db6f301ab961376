namespace KernelTruth.NodeSensor.Prometheus;

/// <summary>
/// One histogram series given as <b>per-bucket</b> (non-cumulative) counts, the shape both the
/// kernel's log2 slots and our own aggregation produce; the writer accumulates them into
/// Prometheus' cumulative <c>_bucket{le=...}</c> lines.
/// </summary>
/// <remarks>
/// Example: upper bounds [1, 2, 4] with bucket counts [3, 0, 4, 1] mean 3 observations ≤ 1,
/// none in (1, 2], 4 in (2, 4] and 1 above 4, exposed as le="1" 3, le="2" 3, le="4" 7,
/// le="+Inf" 8, and <see cref="Count"/> = 8.
/// </remarks>
internal sealed class HistogramSample
{
    private readonly double[] _upperBounds;
    private readonly ulong[] _bucketCounts;

    /// <param name="labels">Series labels; must not contain "le", which the writer adds.</param>
    /// <param name="upperBounds">Finite, strictly increasing inclusive upper bounds; +Inf is implied.</param>
    /// <param name="bucketCounts">
    /// Per-bucket counts, exactly one more than <paramref name="upperBounds"/>: entry i counts
    /// observations in (bound[i-1], bound[i]], the last counts those above the last bound.
    /// </param>
    /// <param name="sum">Sum of all observed values.</param>
    public HistogramSample(LabelSet labels, IReadOnlyList<double> upperBounds, IReadOnlyList<ulong> bucketCounts, double sum)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.ContainsName("le"))
        {
            throw new ArgumentException("A histogram series must not carry an 'le' label; the bucket bound goes there.", nameof(labels));
        }

        _upperBounds = [.. upperBounds];
        _bucketCounts = [.. bucketCounts];
        ValidateBounds(_upperBounds);
        if (_bucketCounts.Length != _upperBounds.Length + 1)
        {
            throw new ArgumentException(
                $"{_upperBounds.Length} upper bounds need {_upperBounds.Length + 1} per-bucket counts (the last is the +Inf overflow), got {_bucketCounts.Length}.",
                nameof(bucketCounts));
        }

        Labels = labels;
        Sum = sum;
        ulong count = 0;
        foreach (var c in _bucketCounts)
        {
            count = checked(count + c);
        }

        Count = count;
    }

    public LabelSet Labels { get; }

    /// <summary>Finite upper bounds in increasing order, without +Inf.</summary>
    public IReadOnlyList<double> UpperBounds => _upperBounds;

    /// <summary>Per-bucket counts; the last entry is the overflow above the last bound.</summary>
    public IReadOnlyList<ulong> BucketCounts => _bucketCounts;

    public double Sum { get; }

    /// <summary>Total observations: the sum of <see cref="BucketCounts"/>, exposed as le="+Inf" and _count.</summary>
    public ulong Count { get; }

    private static void ValidateBounds(double[] bounds)
    {
        for (var i = 0; i < bounds.Length; i++)
        {
            if (!double.IsFinite(bounds[i]))
            {
                throw new ArgumentException($"Histogram bound {bounds[i]} at index {i} is not finite; +Inf is implied.", "upperBounds");
            }

            if (i > 0 && bounds[i] <= bounds[i - 1])
            {
                throw new ArgumentException(
                    $"Histogram bounds must be strictly increasing: bound {bounds[i]} at index {i} follows {bounds[i - 1]}.",
                    "upperBounds");
            }
        }
    }
}
