namespace KernelTruth.Models.Histograms;

/// <summary>
/// A decaying distribution of waits fed with the sensor's log2 µs slots; percentiles interpolate
/// inside a slot (a log2 slot's upper edge would double a 9 ms wait to 16 ms). Allocated on the first
/// wait: most containers are never throttled, and an allocated one costs a 16-byte header and its weights.
/// </summary>
/// <remarks>Worked example: 99 waits in slot 3 [8, 16) µs and 1 in slot 13 [8.192, 16.384) ms: p50 is
/// 8 + 0.505·8 = 12.04 µs (weight 50 of 99 into the slot); p99.5 is 12.29 ms (half-way into slot 13).</remarks>
// The shape (Shape(halfLife), shared by all containers) is passed in by the owner: 8 bytes per histogram fewer.
internal struct WaitHistogram
{
    private Waits? _waits;

    public readonly bool IsEmpty => _waits is null || _waits.Weights.IsEmpty;

    public readonly int RetainedBytes => _waits?.Weights.RetainedBytes ?? 0;

    public void Add(HistogramShape shape, IReadOnlyList<long> slots, DateTimeOffset time)
    {
        for (int s = 0; s < slots.Count; s++)
        {
            if (slots[s] > 0)
            {
                _waits ??= new Waits();
                _waits.Weights.AddToBucket(shape, s, slots[s], time);
            }
        }
    }

    /// <summary>The wait in seconds below which a fraction p of waits fell; 0 when no wait was seen.</summary>
    public readonly double PercentileSeconds(HistogramShape shape, double p) => _waits?.Weights.Percentile(shape, p, PercentileMode.Interpolated) ?? 0.0;

    public readonly HistogramState ToState(HistogramShape shape) => (_waits ?? new Waits()).Weights.ToState(shape);

    public void Restore(HistogramShape shape, HistogramState state)
    {
        var restored = new Waits();
        restored.Weights.Restore(shape, state); // validates version and scheme even when empty
        _waits = state.Buckets.Length > 0 || state.ReferenceTime is not null ? restored : null;
    }

    public static HistogramShape Shape(TimeSpan halfLife) => new(Log2MicrosecondBuckets.Instance, halfLife, 0.0, Log2MicrosecondBuckets.Slots);

    // The weights in an object of their own, made on the first wait (8 bytes fewer than a histogram object, which
    // carries its own shape); 6-byte entries, the 27 slots fit a 16-bit bucket.
    private sealed class Waits
    {
        public DecayingWeights<CompactWeight16> Weights = new();
    }
}
