namespace KernelTruth.Models.Estimation;

/// <summary>
/// How much history backs an estimate, in days, as VPA's getConfidence computes it:
/// d = min((last sample − first sample)/24 h, samples/1440), i.e. "days of history" assuming one
/// sample per minute, so a burst of samples over a short time or a long time with few samples both
/// count little. Worked example: samples every minute for 12 h ⇒ min(0.5, 720/1440) = 0.5 day.
/// </summary>
internal sealed class HistoryConfidence
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(24);
    private const double SamplesPerInterval = 24 * 60;

    public DateTimeOffset? FirstSample { get; private set; }

    public DateTimeOffset? LastSample { get; private set; }

    public long Samples { get; private set; }

    public double Days
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
    public double Score => Days / (1.0 + Days);

    public void Record(DateTimeOffset sampleStart)
    {
        if (LastSample is null || sampleStart > LastSample)
        {
            LastSample = sampleStart;
        }

        if (FirstSample is null || sampleStart < FirstSample)
        {
            FirstSample = sampleStart;
        }

        Samples++;
    }

    public void Restore(DateTimeOffset? first, DateTimeOffset? last, long samples)
    {
        FirstSample = first;
        LastSample = last;
        Samples = samples;
    }
}
