namespace KernelTruth.Models.Estimation;

/// <summary>
/// How much history backs an estimate, in days, as VPA's getConfidence computes it:
/// d = min((last sample − first sample)/24 h, samples/1440), i.e. "days of history" assuming one
/// sample per minute, so a burst of samples over a short time or a long time with few samples both
/// count little. Worked example: samples every minute for 12 h ⇒ min(0.5, 720/1440) = 0.5 day.
/// </summary>
// A mutable struct held in a field of its owner; never copy it to change it.
internal struct HistoryConfidence
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(24);
    private const double SamplesPerInterval = 24 * 60;

    // UTC ticks, long.MinValue = none: two DateTimeOffset? would take 48 bytes per container, these 16.
    private long _first;
    private long _last;

    public HistoryConfidence()
    {
        _first = long.MinValue;
        _last = long.MinValue;
    }

    public readonly DateTimeOffset? FirstSample => _first == long.MinValue ? null : new DateTimeOffset(_first, TimeSpan.Zero);

    public readonly DateTimeOffset? LastSample => _last == long.MinValue ? null : new DateTimeOffset(_last, TimeSpan.Zero);

    public long Samples { readonly get; private set; }

    public readonly double Days
    {
        get
        {
            if (FirstSample is not DateTimeOffset first || LastSample is not DateTimeOffset last)
            {
                return 0.0;
            }

            double lifespan = (double)(last - first).Ticks / Interval.Ticks;
            return Math.Min(lifespan, Samples / SamplesPerInterval);
        }
    }

    /// <summary>1/(upper-bound multiplier) = d/(1 + d), 0..1: 12 h ⇒ 0.33, 24 h ⇒ 0.5, 1 week ⇒ 0.875.</summary>
    public readonly double Score => Days / (1.0 + Days);

    public void Record(DateTimeOffset sampleStart)
    {
        long t = sampleStart.UtcTicks;
        if (_last == long.MinValue || t > _last)
        {
            _last = t;
        }

        if (_first == long.MinValue || t < _first)
        {
            _first = t;
        }

        Samples++;
    }

    public void Restore(DateTimeOffset? first, DateTimeOffset? last, long samples)
    {
        _first = first?.UtcTicks ?? long.MinValue;
        _last = last?.UtcTicks ?? long.MinValue;
        Samples = samples;
    }
}
