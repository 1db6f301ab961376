namespace KernelTruth.Models.Histograms;

/// <summary>
/// A histogram over a bucket scheme whose samples decay exponentially with age (VPA's
/// decaying_histogram over histogram, with sparse storage). Time is an argument: it never reads a clock.
/// The entries decide how weights are stored: <see cref="DecayingHistogram"/> in double (VPA's arithmetic),
/// <see cref="CompactHistogram"/> in float.
/// </summary>
/// <remarks>
/// Worked example, VPA CPU options, 10 samples of 0.1 core weight 0.1 at the reference time: all land
/// in bucket 8 [95.5 m, 110.3 m), total 1.0; Percentile(0.9, UpperEdge) = 0.1103 core.
/// </remarks>
internal class DecayingHistogram<TEntry>
    where TEntry : struct, IWeightEntry<TEntry>
{
    private readonly HistogramShape _shape;
    private DecayClock _clock = new();
    private SparseWeights<TEntry> _weights = new();

    protected DecayingHistogram(HistogramShape shape)
    {
        _shape = shape;
    }

    public IBucketScheme Scheme => _shape.Scheme;

    public TimeSpan HalfLife => _shape.HalfLife;

    public double TotalWeight => _weights.Total;

    public bool IsEmpty => _weights.Count == 0;

    /// <summary>Number of buckets holding weight.</summary>
    public int EntryCount => _weights.Count;

    public int RetainedBytes => _weights.RetainedBytes;

    public void AddSample(double value, double weight, DateTimeOffset time) => AddToBucket(Scheme.FindBucket(value), weight, time);

    /// <summary>Adds weight to a bucket by index: inputs that arrive already bucketed (the sensor's log2 waits).</summary>
    public void AddToBucket(int bucket, double weight, DateTimeOffset time)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(weight);
        double factor = Decay(time);
        _weights.Add(bucket, weight * factor, _shape.MaxEntries);
    }

    public void SubtractSample(double value, double weight, DateTimeOffset time)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(weight);
        double factor = Decay(time);
        _weights.Subtract(Scheme.FindBucket(value), weight * factor, _shape.Epsilon);
    }

    /// <summary>
    /// The value below which a fraction <paramref name="percentile"/> of the weight lies; 0 when empty.
    /// With <see cref="PercentileMode.UpperEdge"/> it is the upper edge of the bucket where the
    /// cumulative weight first reaches p·total less the entries' tie slack (none in double: VPA), with <see cref="PercentileMode.Interpolated"/> a
    /// linear interpolation inside that bucket.
    /// </summary>
    public double Percentile(double percentile, PercentileMode mode)
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

        int bucket = _weights.BucketAt(i);
        if (mode == PercentileMode.UpperEdge)
        {
            return Scheme.BucketEnd(bucket);
        }

        double weight = _weights.WeightAt(i);
        double fraction = Math.Clamp((threshold - (partial - weight)) / weight, 0.0, 1.0);
        double start = Scheme.BucketStart(bucket);
        return start + (fraction * (Scheme.BucketEnd(bucket) - start));
    }

    /// <summary>Adds another histogram's weights (same scheme and half-life), aligning decay references; the other is not changed.</summary>
    public void Merge(DecayingHistogram<TEntry> other)
    {
        if (other.Scheme.Name != Scheme.Name || other.HalfLife != HalfLife)
        {
            throw new ArgumentException($"cannot merge a {other.Scheme.Name} histogram (half-life {other.HalfLife}) into a {Scheme.Name} one (half-life {HalfLife})", nameof(other));
        }

        if (other._clock.ReferenceTicks is not long otherReference || other.IsEmpty)
        {
            return;
        }

        if (_clock.ReferenceTicks is not long reference)
        {
            _clock.ReferenceTicks = otherReference;
        }
        else if (reference < otherReference)
        {
            // Move our reference forward to theirs, as VPA does, so no weight grows past 2^MaxDecayExponent.
            _weights.Scale(Math.Pow(2.0, (double)(reference - otherReference) / HalfLife.Ticks), _shape.Epsilon);
            _clock.ReferenceTicks = otherReference;
        }

        double factor = _clock.FactorFor(otherReference, HalfLife);
        for (int i = 0; i < other._weights.Count; i++)
        {
            _weights.Add(other._weights.BucketAt(i), other._weights.WeightAt(i) * factor, _shape.MaxEntries);
        }
    }

    public HistogramState ToState()
    {
        var (buckets, weights) = _weights.Export();
        return new HistogramState
        {
            Scheme = Scheme.Name,
            ReferenceTime = _clock.ReferenceTicks is long t ? new DateTimeOffset(t, TimeSpan.Zero) : null,
            Buckets = buckets,
            Weights = weights,
            TotalWeight = _weights.Total,
        };
    }

    /// <summary>Replaces this histogram's contents with a persisted state; fails with what to do on a foreign version or scheme.</summary>
    public void Restore(HistogramState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Version != HistogramState.CurrentVersion)
        {
            throw new InvalidDataException($"histogram checkpoint version {state.Version} is not supported (this build reads version {HistogramState.CurrentVersion}); discard the checkpoint and let the history rebuild");
        }

        if (state.Scheme != Scheme.Name)
        {
            throw new InvalidDataException($"histogram checkpoint uses buckets '{state.Scheme}' but this model uses '{Scheme.Name}'; discard the checkpoint and let the history rebuild");
        }

        _weights.Import(state.Buckets, state.Weights, state.TotalWeight, _shape.MaxEntries);
        _clock.ReferenceTicks = state.ReferenceTime?.UtcTicks;
    }

    private double Decay(DateTimeOffset time)
    {
        double factor = _clock.Factor(time, HalfLife, TEntry.MaxDecayExponent, out double rescale);
        if (rescale != 1.0)
        {
            _weights.Scale(rescale, _shape.Epsilon);
        }

        return factor;
    }
}
