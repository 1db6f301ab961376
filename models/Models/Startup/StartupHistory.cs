using KernelTruth.Models.Checkpoint;

namespace KernelTruth.Models.Startup;

/// <summary>
/// The last <see cref="Capacity"/> container starts of one workload, as percentiles. A ring, not a decaying
/// histogram: starts are rare (a rollout, a scale-up), and the newest image's starts are the ones that
/// predict the next. 16 × 24 B = 384 B per workload.
/// </summary>
public sealed class StartupHistory
{
    public const int Capacity = 16;

    private readonly StartupSample[] _ring = new StartupSample[Capacity];
    private int _count;
    private int _next;

    public int Count => _count;

    /// <summary>
    /// Managed bytes one history holds: this object (16 header + 8 ring reference + 2 × 4 counts = 32) and its ring
    /// (24 array header + 16 × 28 packed samples = 472), 504 in all; measured by StartupHistoryTests.
    /// </summary>
    public static int RetainedBytes => 32 + 24 + (Capacity * 28);

    /// <summary>Adds a start unless one with the same key is held; true when added.</summary>
    public bool Add(StartupSample sample)
    {
        for (int i = 0; i < _count; i++)
        {
            if (_ring[i].Key == sample.Key)
            {
                return false;
            }
        }

        _ring[_next] = sample;
        _next = (_next + 1) % Capacity;
        _count = Math.Min(_count + 1, Capacity);
        return true;
    }

    /// <summary>Percentiles of the held starts; null when none is held.</summary>
    public StartupSummary? Summary()
    {
        if (_count == 0)
        {
            return null;
        }

        var held = _ring.AsSpan(0, _count).ToArray();
        return new StartupSummary(
            _count,
            Known(held, s => s.ReadySeconds),
            Percentiles([.. held.Select(s => (double)s.CpuCoreSeconds)]),
            Percentiles([.. held.Select(s => (double)s.ThrottledSeconds)]),
            Known(held, s => s.WarmupCpuCoreSeconds),
            Known(held, s => s.WarmupThrottledSeconds));
    }

    /// <summary>The held starts, oldest first: what a checkpoint saves; <see cref="Restore"/> adds them back in this order.</summary>
    public IReadOnlyList<StartupSample> Samples()
    {
        var samples = new StartupSample[_count];
        int oldest = _count < Capacity ? 0 : _next;
        for (int i = 0; i < _count; i++)
        {
            samples[i] = _ring[(oldest + i) % Capacity];
        }

        return samples;
    }

    /// <summary>A history holding <paramref name="samples"/> (oldest first; beyond the capacity the oldest are dropped, as when added live).</summary>
    public static StartupHistory Restore(IEnumerable<StartupSample> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var history = new StartupHistory();
        foreach (var sample in samples)
        {
            history.Add(sample);
        }

        return history;
    }

    /// <summary>The ring for a checkpoint, oldest start first; NaN (not measured) as null.</summary>
    public StartupHistoryState ToCheckpoint() => new()
    {
        Starts = [.. Samples().Select(s => new StartupSampleState(s.Key, Known(s.ReadySeconds), s.CpuCoreSeconds, s.ThrottledSeconds, Known(s.WarmupCpuCoreSeconds), Known(s.WarmupThrottledSeconds)))],
    };

    /// <summary>The ring a checkpoint saved.</summary>
    /// <exception cref="InvalidDataException">Another version, or a time or CPU that is negative or not finite (named).</exception>
    public static StartupHistory FromCheckpoint(StartupHistoryState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Version != StartupHistoryState.CurrentVersion)
        {
            throw new InvalidDataException($"start history version {state.Version}; this build reads version {StartupHistoryState.CurrentVersion}");
        }

        var samples = new List<StartupSample>(state.Starts.Count);
        for (int i = 0; i < state.Starts.Count; i++)
        {
            var s = state.Starts[i] ?? throw new InvalidDataException($"starts[{i}] is empty");
            samples.Add(new StartupSample(
                s.Key,
                Valid(s.ReadySeconds, i, "readySeconds") ?? float.NaN,
                Valid(s.CpuCoreSeconds, i, "cpuCoreSeconds")!.Value,
                Valid(s.ThrottledSeconds, i, "throttledSeconds")!.Value,
                Valid(s.WarmupCpuCoreSeconds, i, "warmupCpuCoreSeconds") ?? float.NaN,
                Valid(s.WarmupThrottledSeconds, i, "warmupThrottledSeconds") ?? float.NaN));
        }

        return Restore(samples);
    }

    private static float? Known(float value) => float.IsNaN(value) ? null : value;

    private static float? Valid(float? value, int index, string field) =>
        value is not float v || (float.IsFinite(v) && v >= 0) ? value : throw new InvalidDataException($"starts[{index}].{field} is {v}: a start's times and CPU are finite and ≥ 0");

    /// <summary>Percentiles of a quantity over the starts that have it; null when none has.</summary>
    private static StartupPercentiles? Known(StartupSample[] held, Func<StartupSample, float> of)
    {
        double[] values = [.. held.Select(s => (double)of(s)).Where(v => !double.IsNaN(v))];
        return values.Length == 0 ? null : Percentiles(values);
    }

    /// <summary>Nearest rank: the ⌈p·n⌉-th smallest. Example: 10 starts → p50 the 5th, p90 the 9th smallest.</summary>
    private static StartupPercentiles Percentiles(double[] values)
    {
        Array.Sort(values);
        return new StartupPercentiles(Rank(values, 0.5), Rank(values, 0.9));
    }

    private static double Rank(double[] sorted, double p) => sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
