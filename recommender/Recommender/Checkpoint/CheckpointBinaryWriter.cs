using System.Text;
using KernelTruth.Models.Checkpoint;
using KernelTruth.Models.Demand;
using KernelTruth.Models.Histograms;
using KernelTruth.Models.Memory;
using KernelTruth.Models.Throttling;

namespace KernelTruth.Recommender.Checkpoint;

/// <summary>
/// Writes a checkpoint in the state file's binary encoding (file format 2, read by <see cref="CheckpointBinaryReader"/>):
/// the same records as the JSON of format 1, field by field in a fixed order, little-endian. Doubles keep their
/// exact 8 bytes (a restored model answers bit for bit as the saved one did); counts and strictly increasing bucket
/// indices are 7-bit varints (indices as gaps from the previous one); each histogram scheme name is written once per
/// file and then referred to by number. Worked example: a demand histogram of 40 buckets costs 40 × 8 B of weights
/// plus ~40 B of gaps, against ~40 × 24 B of JSON text.
/// </summary>
internal sealed class CheckpointBinaryWriter
{
    /// <summary>"KTCP": no JSON document starts with it, so a loader tells the two formats apart by the first bytes.</summary>
    public static ReadOnlySpan<byte> Magic => "KTCP"u8;

    /// <summary>Format 1 is the JSON state file; 2 is this encoding.</summary>
    public const int FormatVersion = 2;

    private readonly BinaryWriter _out;
    private readonly Dictionary<string, int> _schemes = new(StringComparer.Ordinal);

    private CheckpointBinaryWriter(Stream stream)
    {
        _out = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
    }

    public static void Write(Stream stream, RecommenderCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(checkpoint);
        var writer = new CheckpointBinaryWriter(stream);
        writer._out.Write(Magic);
        writer._out.Write(FormatVersion);
        writer._out.Write(checkpoint.Version);
        writer.Time(checkpoint.SavedAt);
        writer._out.Write7BitEncodedInt(checkpoint.Workloads.Count);
        foreach (WorkloadCheckpoint w in checkpoint.Workloads)
        {
            writer._out.Write(w.Workload);
            writer.Model(w.Model);
            writer.Time(w.LastData);
        }

        writer.StartupSection(checkpoint.Workloads);
        writer.DemandHistories(checkpoint.Workloads);
        writer.Forecaster(checkpoint.Forecaster);
        writer.ForecastGuards(checkpoint.Workloads);
        writer.BorrowedHistories(checkpoint.Workloads);
        writer._out.Flush();
    }

    /// <summary>
    /// Optional sections follow the workloads, each a tag byte and its body; a file without any (older) ends after the
    /// workloads. Tag <see cref="StartupsTag"/>: the workloads that keep starts, as (index into the workloads, count,
    /// each start's key and five floats, a NaN where not measured). 16 starts ≈ 16 × 28 B.
    /// </summary>
    private void StartupSection(IReadOnlyList<WorkloadCheckpoint> workloads)
    {
        var with = Enumerable.Range(0, workloads.Count).Where(i => workloads[i].Startups is { Starts.Count: > 0 }).ToList();
        if (with.Count == 0)
        {
            return;
        }

        _out.Write(StartupsTag);
        _out.Write7BitEncodedInt(with.Count);
        foreach (int i in with)
        {
            var history = workloads[i].Startups!;
            _out.Write7BitEncodedInt(i);
            _out.Write7BitEncodedInt(history.Version);
            _out.Write7BitEncodedInt(history.Starts.Count);
            foreach (var start in history.Starts)
            {
                _out.Write(start.Key);
                _out.Write(start.ReadySeconds ?? float.NaN);
                _out.Write(start.CpuCoreSeconds);
                _out.Write(start.ThrottledSeconds);
                _out.Write(start.WarmupCpuCoreSeconds ?? float.NaN);
                _out.Write(start.WarmupThrottledSeconds ?? float.NaN);
            }
        }
    }

    /// <summary>
    /// Tag <see cref="DemandHistoriesTag"/>: the number of workloads that keep a demand history, then each as its
    /// workload's index (varint) and its bytes (varint length first). Example: 1 000 workloads with a week of history
    /// ⇒ 1 + 2 + 1 000 × (2 + 2 + 579) ≈ 583 KB (format 2 of DemandHistory; 971 bytes each in format 1).
    /// </summary>
    private void DemandHistories(IReadOnlyList<WorkloadCheckpoint> workloads) => BytesPerWorkload(DemandHistoriesTag, workloads, w => w.DemandHistory);

    /// <summary>Tag <see cref="ForecasterTag"/>: the saved forecaster's length (varint) and bytes, ~77 KB; absent before a fit.</summary>
    private void Forecaster(byte[]? model)
    {
        if (model is null)
        {
            return;
        }

        _out.Write(ForecasterTag);
        _out.Write7BitEncodedInt(model.Length);
        _out.Write(model);
    }

    /// <summary>
    /// Tag <see cref="ForecastGuardsTag"/>: as the demand histories, the number of workloads with a guard record, then
    /// each as its index and its bytes. A section of its own rather than a new version of tag 2's records, so files with
    /// tag 2 alone (older) read as before. Example: 1 000 workloads ⇒ 1 000 × (2 + 1 + 13) ≈ 16 KB.
    /// </summary>
    private void ForecastGuards(IReadOnlyList<WorkloadCheckpoint> workloads) => BytesPerWorkload(ForecastGuardsTag, workloads, w => w.ForecastGuard);

    /// <summary>
    /// Tag <see cref="BorrowedHistoriesTag"/>: the workloads whose recommendations still rest on history the sensor did
    /// not measure, as (index, source, the sensor's first measurement as a time or its absence). Example: 1 000
    /// workloads bootstrapped from Prometheus an hour ago ⇒ 1 000 × (2 + 11 + 9) ≈ 22 KB, gone a half-life later.
    /// </summary>
    private void BorrowedHistories(IReadOnlyList<WorkloadCheckpoint> workloads)
    {
        int count = workloads.Count(w => w.BorrowedHistory is not null);
        if (count == 0)
        {
            return;
        }

        _out.Write(BorrowedHistoriesTag);
        _out.Write7BitEncodedInt(count);
        for (int i = 0; i < workloads.Count; i++)
        {
            if (workloads[i].BorrowedHistory is { } borrowed)
            {
                _out.Write7BitEncodedInt(i);
                _out.Write(borrowed.Source);
                Time(borrowed.FirstMeasured);
            }
        }
    }

    /// <summary>A section of opaque bytes per workload: the tag, how many workloads have them, then each one's index and bytes (varint length first).</summary>
    private void BytesPerWorkload(byte tag, IReadOnlyList<WorkloadCheckpoint> workloads, Func<WorkloadCheckpoint, byte[]?> bytesOf)
    {
        int count = workloads.Count(w => bytesOf(w) is not null);
        if (count == 0)
        {
            return;
        }

        _out.Write(tag);
        _out.Write7BitEncodedInt(count);
        for (int i = 0; i < workloads.Count; i++)
        {
            if (bytesOf(workloads[i]) is { } bytes)
            {
                _out.Write7BitEncodedInt(i);
                _out.Write7BitEncodedInt(bytes.Length);
                _out.Write(bytes);
            }
        }
    }

    /// <summary>The start-history section's tag.</summary>
    public const byte StartupsTag = 1;

    /// <summary>The demand-history section's tag.</summary>
    public const byte DemandHistoriesTag = 2;

    /// <summary>The demand forecaster's section's tag.</summary>
    public const byte ForecasterTag = 3;

    /// <summary>The forecast guards' section's tag.</summary>
    public const byte ForecastGuardsTag = 4;

    /// <summary>The borrowed-history marks' section's tag.</summary>
    public const byte BorrowedHistoriesTag = 5;

    private void Model(WorkloadModelCheckpoint m)
    {
        _out.Write7BitEncodedInt(m.Version);
        Histogram(m.DemandExact);
        Censored(m.DemandCensored);
        _out.Write(m.MinuteDemand is not null);
        if (m.MinuteDemand is not null)
        {
            Histogram(m.MinuteDemand);
        }

        _out.Write7BitEncodedInt64(m.CensoredMinutes);
        OptionalLong(m.ThrottledMinutes);
        Time(m.Throttle.ReferenceTime);
        _out.Write(m.Throttle.Periods);
        _out.Write(m.Throttle.Throttled);
        Histogram(m.Throttle.Waits);
        Histogram(m.ContentionWait);
        Peaks(m.Memory);
        Baseline(m.Baseline);
        Time(m.LastIntervalTime);
        OptionalDouble(m.LimitCores);
        _out.Write(m.BurstCores);
        OptionalDouble(m.RequestCores);
        _out.Write(m.PeriodSeconds);
        _out.Write7BitEncodedInt64(m.Intervals);
        _out.Write7BitEncodedInt64(m.Periods);
    }

    private void Baseline(BaselineState b)
    {
        Histogram(b.Cpu);
        Peaks(b.Memory);
        Time(b.FirstSample);
        Time(b.LastSample);
        _out.Write7BitEncodedInt64(b.Samples);
        Time(b.PendingMinute);
        _out.Write(b.PendingCoreSeconds);
        _out.Write(b.PendingWaitingAtStartSeconds);
        _out.Write(b.PendingCensoredSeconds);
        _out.Write(b.PendingLastCapSeconds);
        _out.Write((byte)((b.PendingLastThrottledThroughout ? 1 : 0) | (b.PendingAllThrottledThroughout ? 2 : 0)));
        _out.Write(b.PendingSeconds);
        _out.Write7BitEncodedInt64(b.PendingMemoryBytes);
        Time(b.PendingLastTime);
    }

    private void Peaks(DailyPeaksState p)
    {
        Histogram(p.Peaks);
        Time(p.WindowEnd);
        Time(p.LastSample);
        _out.Write(p.CurrentPeak);
    }

    private void Censored(CensoredState c)
    {
        Ints(c.LimitMillicores, increasing: false);
        Doubles(c.Weights);
        Doubles(c.WeightedExcess);
        _out.Write(c.Total);
    }

    private void Histogram(HistogramState h)
    {
        _out.Write7BitEncodedInt(h.Version);
        if (_schemes.TryGetValue(h.Scheme, out int known))
        {
            _out.Write7BitEncodedInt(known);
        }
        else
        {
            _out.Write7BitEncodedInt(_schemes.Count); // the next number: a new name follows
            _out.Write(h.Scheme);
            _schemes[h.Scheme] = _schemes.Count;
        }

        Time(h.ReferenceTime);
        Ints(h.Buckets, increasing: true);
        Doubles(h.Weights);
        _out.Write(h.TotalWeight);
    }

    /// <summary>Count, then each value; strictly increasing ones as gaps from the one before (first from −1).</summary>
    private void Ints(int[] values, bool increasing)
    {
        _out.Write7BitEncodedInt(values.Length);
        int previous = -1;
        foreach (int v in values)
        {
            _out.Write7BitEncodedInt(increasing ? v - previous : v);
            previous = v;
        }
    }

    private void Doubles(double[] values)
    {
        _out.Write7BitEncodedInt(values.Length);
        foreach (double v in values)
        {
            _out.Write(v);
        }
    }

    /// <summary>0 = none; 1 = UTC ticks; 2 = ticks and an offset in minutes.</summary>
    private void Time(DateTimeOffset? time)
    {
        if (time is not DateTimeOffset t)
        {
            _out.Write((byte)0);
            return;
        }

        bool utc = t.Offset == TimeSpan.Zero;
        _out.Write((byte)(utc ? 1 : 2));
        _out.Write(t.Ticks);
        if (!utc)
        {
            _out.Write((short)t.TotalOffsetMinutes);
        }
    }

    private void OptionalDouble(double? value)
    {
        _out.Write(value.HasValue);
        if (value is double v)
        {
            _out.Write(v);
        }
    }

    private void OptionalLong(long? value)
    {
        _out.Write(value.HasValue);
        if (value is long v)
        {
            _out.Write7BitEncodedInt64(v);
        }
    }
}
