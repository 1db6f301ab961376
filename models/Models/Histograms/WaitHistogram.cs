namespace KernelTruth.Models.Histograms;

/// <summary>
/// A decaying distribution of waits fed with the sensor's log2 µs slots; percentiles interpolate
/// inside a slot (a log2 slot's upper edge would double a 9 ms wait to 16 ms).
/// </summary>
/// <remarks>Worked example: 99 waits in slot 3 [8, 16) µs and 1 in slot 13 [8.192, 16.384) ms: p50 is
/// 8 + 0.505·8 = 12.04 µs (weight 50 of 99 into the slot); p99.5 is 12.29 ms (half-way into slot 13).</remarks>
// A mutable struct held in a field of its owner; never copy it to change it. Its weights are inline (24 bytes): the
// contention waits, which nearly every running container has from its first interval, hold it directly; the
// throttle waits, which most containers never have, keep it in an object made on the first wait
// (ThrottleObservations). The shape (Shape(halfLife), shared by all containers) is passed in by the owner: 8 bytes
// per histogram fewer. 6-byte entries: the 27 slots fit a 16-bit bucket.
internal struct WaitHistogram
{
    private DecayingWeights<CompactWeight16> _weights = new();

    public WaitHistogram()
    {
    }

    public readonly bool IsEmpty => _weights.IsEmpty;

    public readonly int RetainedBytes => _weights.RetainedBytes;

    /// <summary>True when <paramref name="slots"/> hold any wait: adding them would change the histogram.</summary>
    public static bool AnyWait(IReadOnlyList<long> slots)
    {
        for (int s = 0; s < slots.Count; s++)
        {
            if (slots[s] > 0)
            {
                return true;
            }
        }

        return false;
    }

    public void Add(HistogramShape shape, IReadOnlyList<long> slots, DateTimeOffset time)
    {
        for (int s = 0; s < slots.Count; s++)
        {
            if (slots[s] > 0)
            {
                _weights.AddToBucket(shape, s, slots[s], time);
            }
        }
    }

    /// <summary>The wait in seconds below which a fraction p of waits fell; 0 when no wait was seen.</summary>
    public readonly double PercentileSeconds(HistogramShape shape, double p) => _weights.Percentile(shape, p, PercentileMode.Interpolated);

    public readonly HistogramState ToState(HistogramShape shape) => _weights.ToState(shape);

    /// <summary>Replaces the contents with a persisted state; validates version and scheme even when it is empty.</summary>
    public void Restore(HistogramShape shape, HistogramState state) => _weights.Restore(shape, state);

    public static HistogramShape Shape(TimeSpan halfLife) => new(Log2MicrosecondBuckets.Instance, halfLife, 0.0, Log2MicrosecondBuckets.Slots);
}
