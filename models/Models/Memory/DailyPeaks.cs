using KernelTruth.Models.Histograms;

namespace KernelTruth.Models.Memory;

/// <summary>
/// One memory peak per aggregation window (default 24 h) in a decaying histogram, following VPA's
/// ContainerState.addMemorySample and RecordOOM: a higher sample inside the current window replaces
/// the window's peak (subtract old, add new, both at the window end); a sample past the window end
/// moves the window forward by whole intervals and starts a new peak.
/// </summary>
/// <remarks>
/// OOM bump: used = max(request, window peak); needed = max(used + minBump, used × ratio), added as
/// an artificial peak. Worked example (VPA defaults 100 MiB, ×1.2): used 300 MiB ⇒ max(400, 360) =
/// 400 MiB; used 1 GiB ⇒ max(1124, 1228.8) MiB = 1228.8 MiB. An OOM older than one window before
/// the current window's end is ignored (VPA #8548).
/// </remarks>
internal sealed class DailyPeaks
{
    private readonly TimeSpan _interval;
    private readonly Func<double, double> _toAmount;
    private long? _windowEndTicks;
    private long? _lastSampleTicks;

    /// <param name="toAmount">Rounding applied to the OOM bump (VPA truncates to whole bytes).</param>
    public DailyPeaks(IBucketScheme scheme, TimeSpan halfLife, TimeSpan aggregationInterval, int maxEntries, Func<double, double> toAmount)
    {
        Histogram = new DecayingHistogram(scheme, halfLife, epsilon: 1e-4, maxEntries);
        _interval = aggregationInterval;
        _toAmount = toAmount;
    }

    public DecayingHistogram Histogram { get; }

    /// <summary>Peak of the current window, bytes; 0 before any sample.</summary>
    public double CurrentPeak { get; private set; }

    public bool AddSample(double bytes, DateTimeOffset time) => Add(bytes, time.UtcTicks, isOom: false);

    public bool RecordOom(DateTimeOffset time, double requestBytes, double minBumpBytes, double bumpRatio)
    {
        long t = time.UtcTicks;
        if (_windowEndTicks is long end && t < end - _interval.Ticks)
        {
            return false;
        }

        double used = Math.Max(requestBytes, CurrentPeak);
        double needed = Math.Max(used + minBumpBytes, _toAmount(used * bumpRatio));
        return Add(needed, t, isOom: true);
    }

    public DailyPeaksState ToState() => new()
    {
        Peaks = Histogram.ToState(),
        WindowEnd = _windowEndTicks is long w ? new DateTimeOffset(w, TimeSpan.Zero) : null,
        LastSample = _lastSampleTicks is long l ? new DateTimeOffset(l, TimeSpan.Zero) : null,
        CurrentPeak = CurrentPeak,
    };

    public void Restore(DailyPeaksState state)
    {
        Histogram.Restore(state.Peaks);
        _windowEndTicks = state.WindowEnd?.UtcTicks;
        _lastSampleTicks = state.LastSample?.UtcTicks;
        CurrentPeak = state.CurrentPeak;
    }

    private bool Add(double usage, long t, bool isOom)
    {
        if (!isOom && _lastSampleTicks is long last && t < last)
        {
            return false;
        }

        _lastSampleTicks = t;
        long end = _windowEndTicks ??= t;
        bool addNewPeak = false;
        if (t < end)
        {
            if (CurrentPeak != 0 && usage > CurrentPeak)
            {
                Histogram.SubtractSample(CurrentPeak, 1.0, At(end));
                addNewPeak = true;
            }
        }
        else
        {
            long elapsed = t - end;
            long shift = (elapsed / _interval.Ticks * _interval.Ticks) + _interval.Ticks;
            end += shift;
            _windowEndTicks = end;
            CurrentPeak = 0;
            addNewPeak = true;
        }

        if (addNewPeak)
        {
            Histogram.AddSample(usage, 1.0, At(end));
            CurrentPeak = usage;
        }

        return true;
    }

    private static DateTimeOffset At(long ticks) => new(ticks, TimeSpan.Zero);
}
