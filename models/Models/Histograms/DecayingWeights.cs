namespace KernelTruth.Models.Histograms;

/// <summary>
/// A decaying histogram's state without its shape: the decay reference and the sparse weights. Its owner keeps
/// the shape (shared by every container) and passes it in, so a histogram inside a model's part costs its 32
/// bytes there instead of an object of its own (a 16-byte header, an 8-byte reference to it and an 8-byte shape
/// reference in every histogram of every container).
/// </summary>
/// <remarks>
/// Worked example, VPA CPU options, 10 samples of 0.1 core weight 0.1 at the reference time: all land
/// in bucket 8 [95.5 m, 110.3 m), total 1.0; Percentile(0.9, UpperEdge) = 0.1103 core.
/// </remarks>
// A mutable struct held in a field of its owner (see SparseWeights); never copy it to change it.
internal struct DecayingWeights<TEntry>
    where TEntry : struct, IWeightEntry<TEntry>
{
    private DecayClock _clock = new();
    private SparseWeights<TEntry> _weights = new();

    public DecayingWeights()
    {
    }

    public readonly long? ReferenceTicks => _clock.ReferenceTicks;

    public readonly double TotalWeight => _weights.Total;

    public readonly bool IsEmpty => _weights.Count == 0;

    /// <summary>Number of buckets holding weight.</summary>
    public readonly int EntryCount => _weights.Count;

    public readonly int RetainedBytes => _weights.RetainedBytes;

    public readonly int BucketAt(int i) => _weights.BucketAt(i);

    public readonly double WeightAt(int i) => _weights.WeightAt(i);

    public void AddSample(HistogramShape shape, double value, double weight, DateTimeOffset time) => AddToBucket(shape, shape.Scheme.FindBucket(value), weight, time);

    /// <summary>Adds weight to a bucket by index: inputs that arrive already bucketed (the sensor's log2 waits).</summary>
    public void AddToBucket(HistogramShape shape, int bucket, double weight, DateTimeOffset time)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(weight);
        ThrowIfTooWide(shape);
        double factor = Decay(shape, time);
        _weights.Add(bucket, weight * factor, shape.MaxEntries);
    }

    public void SubtractSample(HistogramShape shape, double value, double weight, DateTimeOffset time)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(weight);
        double factor = Decay(shape, time);
        _weights.Subtract(shape.Scheme.FindBucket(value), weight * factor, shape.Epsilon);
    }

    /// <summary>
    /// The value below which a fraction <paramref name="percentile"/> of the weight lies; 0 when empty.
    /// With <see cref="PercentileMode.UpperEdge"/> it is the upper edge of the bucket where the
    /// cumulative weight first reaches p·total less the entries' tie slack (none in double: VPA), with <see cref="PercentileMode.Interpolated"/> a
    /// linear interpolation inside that bucket.
    /// </summary>
    public readonly double Percentile(HistogramShape shape, double percentile, PercentileMode mode)
    {
        int n = _weights.Count;
        if (n == 0)
        {
            return 0.0;
        }

        double threshold = percentile * _weights.Total;

        // The bucket is found with the tie slack (a rounded tie stays on the lower bucket); the interpolation inside
        // it uses the threshold itself, so the slack moves no interpolated value.
        double reached = threshold * (1 - TEntry.TieSlack);
        double partial = 0.0;
        int i = 0;
        for (; i < n - 1; i++)
        {
            partial += _weights.WeightAt(i);
            if (partial >= reached)
            {
                break;
            }
        }

        if (i == n - 1)
        {
            partial += _weights.WeightAt(i);
        }

        IBucketScheme scheme = shape.Scheme;
        int bucket = _weights.BucketAt(i);
        if (mode == PercentileMode.UpperEdge)
        {
            return scheme.BucketEnd(bucket);
        }

        double weight = _weights.WeightAt(i);
        double fraction = Math.Clamp((threshold - (partial - weight)) / weight, 0.0, 1.0);
        double start = scheme.BucketStart(bucket);
        return start + (fraction * (scheme.BucketEnd(bucket) - start));
    }

    /// <summary>Adds another histogram's weights (same shape), aligning decay references; the other is not changed.</summary>
    public void Merge(HistogramShape shape, in DecayingWeights<TEntry> other)
    {
        ThrowIfTooWide(shape);
        if (other._clock.ReferenceTicks is not long otherReference || other.IsEmpty)
        {
            return;
        }

        TimeSpan halfLife = shape.HalfLife;
        if (_clock.ReferenceTicks is not long reference)
        {
            _clock.ReferenceTicks = otherReference;
        }
        else if (reference < otherReference)
        {
            // Move our reference forward to theirs, as VPA does, so no weight grows past 2^MaxDecayExponent.
            _weights.Scale(Math.Pow(2.0, (double)(reference - otherReference) / halfLife.Ticks), shape.Epsilon);
            _clock.ReferenceTicks = otherReference;
        }

        double factor = _clock.FactorFor(otherReference, halfLife);
        for (int i = 0; i < other._weights.Count; i++)
        {
            _weights.Add(other._weights.BucketAt(i), other._weights.WeightAt(i) * factor, shape.MaxEntries);
        }
    }

    public readonly HistogramState ToState(HistogramShape shape)
    {
        var (buckets, weights) = _weights.Export();
        return new HistogramState
        {
            Scheme = shape.Scheme.Name,
            ReferenceTime = _clock.ReferenceTicks is long t ? new DateTimeOffset(t, TimeSpan.Zero) : null,
            Buckets = buckets,
            Weights = weights,
            TotalWeight = _weights.Total,
        };
    }

    /// <summary>Replaces the contents with a persisted state; fails with what to do on a foreign version or scheme.</summary>
    public void Restore(HistogramShape shape, HistogramState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Version != HistogramState.CurrentVersion)
        {
            throw new InvalidDataException($"histogram checkpoint version {state.Version} is not supported (this build reads version {HistogramState.CurrentVersion}); discard the checkpoint and let the history rebuild");
        }

        if (state.Scheme != shape.Scheme.Name)
        {
            throw new InvalidDataException($"histogram checkpoint uses buckets '{state.Scheme}' but this model uses '{shape.Scheme.Name}'; discard the checkpoint and let the history rebuild");
        }

        ThrowIfTooWide(shape);
        _weights.Import(state.Buckets, state.Weights, state.TotalWeight, shape.MaxEntries, shape.BucketCount);
        _clock.ReferenceTicks = state.ReferenceTime?.UtcTicks;
    }

    /// <summary>
    /// Refuses a shape with more buckets than the entries can index, on its first use whatever the value: an entry
    /// with a 16-bit bucket (<see cref="BucketIndex"/>) would otherwise fail only once a value reached bucket 65 536.
    /// For int-indexed entries the test is against int.MaxValue and never true.
    /// </summary>
    private static void ThrowIfTooWide(HistogramShape shape)
    {
        if (shape.BucketCount > TEntry.BucketLimit)
        {
            throw new ArgumentException($"buckets '{shape.Scheme.Name}' number {shape.BucketCount}; {typeof(TEntry).Name} entries index at most {TEntry.BucketLimit}", nameof(shape));
        }
    }

    private double Decay(HistogramShape shape, DateTimeOffset time)
    {
        double factor = _clock.Factor(time, shape.HalfLife, TEntry.MaxDecayExponent, out double rescale);
        if (rescale != 1.0)
        {
            _weights.Scale(rescale, shape.Epsilon);
        }

        return factor;
    }
}
