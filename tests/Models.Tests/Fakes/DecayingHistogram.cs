using KernelTruth.Models.Histograms;

namespace KernelTruth.Models.Tests.Fakes;

/// <summary>
/// A histogram on its own: a shape and <see cref="DecayingWeights{TEntry}"/>, whose arithmetic it is (VPA's
/// decaying_histogram over histogram, with sparse storage). The model's parts hold the weights inline and are handed
/// their shape; the histogram and float-tolerance tests build histograms alone with this. Time is an argument.
/// With <see cref="ExactWeight"/> it keeps weights in double (VPA's arithmetic), with <see cref="CompactWeight"/> in float.
/// </summary>
internal sealed class DecayingHistogram<TEntry>
    where TEntry : struct, IWeightEntry<TEntry>
{
    private readonly HistogramShape _shape;
    private DecayingWeights<TEntry> _weights = new();

    public DecayingHistogram(HistogramShape shape)
    {
        _shape = shape;
    }

    public DecayingHistogram(IBucketScheme scheme, TimeSpan halfLife, double epsilon, int maxEntries)
        : this(new HistogramShape(scheme, halfLife, epsilon, maxEntries))
    {
    }

    public IBucketScheme Scheme => _shape.Scheme;

    public TimeSpan HalfLife => _shape.HalfLife;

    public double TotalWeight => _weights.TotalWeight;

    public bool IsEmpty => _weights.IsEmpty;

    /// <summary>Number of buckets holding weight.</summary>
    public int EntryCount => _weights.EntryCount;

    public int RetainedBytes => _weights.RetainedBytes;

    public void AddSample(double value, double weight, DateTimeOffset time) => _weights.AddSample(_shape, value, weight, time);

    /// <summary>Adds weight to a bucket by index: inputs that arrive already bucketed (the sensor's log2 waits).</summary>
    public void AddToBucket(int bucket, double weight, DateTimeOffset time) => _weights.AddToBucket(_shape, bucket, weight, time);

    public void SubtractSample(double value, double weight, DateTimeOffset time) => _weights.SubtractSample(_shape, value, weight, time);

    /// <inheritdoc cref="DecayingWeights{TEntry}.Percentile"/>
    public double Percentile(double percentile, PercentileMode mode) => _weights.Percentile(_shape, percentile, mode);

    /// <summary>Adds another histogram's weights (same scheme and half-life), aligning decay references; the other is not changed.</summary>
    public void Merge(DecayingHistogram<TEntry> other)
    {
        if (other.Scheme.Name != Scheme.Name || other.HalfLife != HalfLife)
        {
            throw new ArgumentException($"cannot merge a {other.Scheme.Name} histogram (half-life {other.HalfLife}) into a {Scheme.Name} one (half-life {HalfLife})", nameof(other));
        }

        _weights.Merge(_shape, in other._weights);
    }

    public HistogramState ToState() => _weights.ToState(_shape);

    /// <summary>Replaces this histogram's contents with a persisted state; fails with what to do on a foreign version or scheme.</summary>
    public void Restore(HistogramState state) => _weights.Restore(_shape, state);
}
