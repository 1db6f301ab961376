using KernelTruth.Models.Estimation;
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
/// The peaks are read as VPA reads them (<see cref="AsQuantileSource"/>: the upper edge of the bucket where p·total is reached).
/// </remarks>
// A mutable struct held in a field of its owner (WorkloadModel, VpaBaseline), reached by ref: one object and its
// header fewer per container. Never copy it to change it. The owner passes the shape in (ModelShapes.Memory,
// VpaDefaults.MemoryShape: shared by all containers), 8 bytes fewer in each.
internal struct DailyPeaks
{
    // Ticks, long.MinValue = none (a long? costs 8 bytes more in every container).
    private const long None = long.MinValue;
    private long _windowEndTicks = None;
    private long _lastSampleTicks = None;

    // Inline: an object fewer than a histogram object of its own. Both peak shapes (VPA's 176 buckets, ours 922) fit a
    // 16-bit index: 10 bytes an entry, the weights VPA's doubles.
    private DecayingWeights<ExactWeight16> _peaks = new();

    public DailyPeaks()
    {
    }

    /// <summary>Decayed weight of the peaks kept (1 per window at its end's decay reference).</summary>
    public readonly double TotalWeight => _peaks.TotalWeight;

    /// <summary>Managed bytes held by the peaks' entries.</summary>
    public readonly int RetainedBytes => _peaks.RetainedBytes;

    /// <summary>The peaks for one estimate: the upper edge of the bucket where the cumulative weight first reaches p·total; 0 before any peak.</summary>
    public readonly IQuantileSource AsQuantileSource(PeaksShape shape) => new UpperEdgeSource<ExactWeight16>(shape.Histogram, _peaks);

    /// <summary>Peak of the current window, bytes; 0 before any sample.</summary>
    public double CurrentPeak { readonly get; private set; }

    public bool AddSample(PeaksShape shape, double bytes, DateTimeOffset time) => Add(shape, bytes, time.UtcTicks, isOom: false);

    public bool RecordOom(PeaksShape shape, DateTimeOffset time, double requestBytes, double minBumpBytes, double bumpRatio)
    {
        long t = time.UtcTicks;
        if (_windowEndTicks != None && t < _windowEndTicks - shape.Interval.Ticks)
        {
            return false;
        }

        double used = Math.Max(requestBytes, CurrentPeak);
        double needed = Math.Max(used + minBumpBytes, shape.ToAmount(used * bumpRatio));
        return Add(shape, needed, t, isOom: true);
    }

    public readonly DailyPeaksState ToState(PeaksShape shape) => new()
    {
        Peaks = _peaks.ToState(shape.Histogram),
        WindowEnd = _windowEndTicks != None ? new DateTimeOffset(_windowEndTicks, TimeSpan.Zero) : null,
        LastSample = _lastSampleTicks != None ? new DateTimeOffset(_lastSampleTicks, TimeSpan.Zero) : null,
        CurrentPeak = CurrentPeak,
    };

    public void Restore(PeaksShape shape, DailyPeaksState state)
    {
        _peaks.Restore(shape.Histogram, state.Peaks);
        _windowEndTicks = state.WindowEnd?.UtcTicks ?? None;
        _lastSampleTicks = state.LastSample?.UtcTicks ?? None;
        CurrentPeak = state.CurrentPeak;
    }

    private bool Add(PeaksShape shape, double usage, long t, bool isOom)
    {
        if (!isOom && _lastSampleTicks != None && t < _lastSampleTicks)
        {
            return false;
        }

        _lastSampleTicks = t;
        if (_windowEndTicks == None)
        {
            _windowEndTicks = t;
        }

        long end = _windowEndTicks;
        bool addNewPeak = false;
        if (t < end)
        {
            if (CurrentPeak != 0 && usage > CurrentPeak)
            {
                _peaks.SubtractSample(shape.Histogram, CurrentPeak, 1.0, At(end));
                addNewPeak = true;
            }
        }
        else
        {
            long elapsed = t - end;
            long interval = shape.Interval.Ticks;
            long shift = (elapsed / interval * interval) + interval;
            end += shift;
            _windowEndTicks = end;
            CurrentPeak = 0;
            addNewPeak = true;
        }

        if (addNewPeak)
        {
            _peaks.AddSample(shape.Histogram, usage, 1.0, At(end));
            CurrentPeak = usage;
        }

        return true;
    }

    private static DateTimeOffset At(long ticks) => new(ticks, TimeSpan.Zero);
}
