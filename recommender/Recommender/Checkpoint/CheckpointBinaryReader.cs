using System.Text;
using KernelTruth.Models.Checkpoint;
using KernelTruth.Models.Demand;
using KernelTruth.Models.Histograms;
using KernelTruth.Models.Memory;
using KernelTruth.Models.Throttling;

namespace KernelTruth.Recommender.Checkpoint;

/// <summary>
/// Reads what <see cref="CheckpointBinaryWriter"/> wrote, in the same order. A truncated or damaged file fails
/// with <see cref="InvalidDataException"/> saying where, never with a half-read checkpoint.
/// </summary>
internal sealed class CheckpointBinaryReader
{
    /// <summary>More entries than any model holds (the largest histogram has 1 000 buckets): a damaged count.</summary>
    private const int MaxEntries = 1 << 20;

    /// <summary>More bytes than a saved forecaster takes (~77 KB, bounded by its trees): a damaged length.</summary>
    private const int MaxForecasterBytes = 16 << 20;

    private readonly BinaryReader _in;
    private readonly List<string> _schemes = [];

    private CheckpointBinaryReader(Stream stream)
    {
        _in = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
    }

    /// <summary>True when <paramref name="head"/> (the file's first bytes) starts with the binary format's magic.</summary>
    public static bool IsBinary(ReadOnlySpan<byte> head) => head.StartsWith(CheckpointBinaryWriter.Magic);

    /// <exception cref="InvalidDataException">Not this format, another format version, or damaged.</exception>
    public static RecommenderCheckpoint Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var reader = new CheckpointBinaryReader(stream);
        try
        {
            return reader.Checkpoint();
        }
        catch (EndOfStreamException ex)
        {
            throw new InvalidDataException($"the binary checkpoint ends early at byte {SafePosition(stream)} (a truncated file)", ex);
        }
        catch (FormatException ex)
        {
            throw new InvalidDataException($"the binary checkpoint is damaged near byte {SafePosition(stream)} ({ex.Message})", ex);
        }
    }

    /// <summary>The demand histories (<see cref="CheckpointBinaryWriter"/>'s section), set on the workloads they belong to.</summary>
    private void DemandHistories(WorkloadCheckpoint[] workloads) =>
        BytesPerWorkload(workloads, "a demand history", w => w.DemandHistory, (w, bytes) => w with { DemandHistory = bytes });

    /// <summary>The forecast guards (<see cref="CheckpointBinaryWriter"/>'s section), set on the workloads they belong to.</summary>
    private void ForecastGuards(WorkloadCheckpoint[] workloads) =>
        BytesPerWorkload(workloads, "a forecast guard", w => w.ForecastGuard, (w, bytes) => w with { ForecastGuard = bytes });

    /// <summary>A section of opaque bytes per workload: a count, then each one's workload index and bytes, set with <paramref name="set"/>.</summary>
    private void BytesPerWorkload(WorkloadCheckpoint[] workloads, string what, Func<WorkloadCheckpoint, byte[]?> get, Func<WorkloadCheckpoint, byte[], WorkloadCheckpoint> set)
    {
        int count = Count();
        for (int i = 0; i < count; i++)
        {
            int index = Count();
            if (index >= workloads.Length || get(workloads[index]) is not null)
            {
                throw new InvalidDataException($"{what} names workload {index} of {workloads.Length} (or twice)");
            }

            workloads[index] = set(workloads[index], Bytes(Count()));
        }
    }

    /// <summary>The forecaster's bytes, as they were saved: whether ML.NET can load them is the engine's question, not the file's.</summary>
    private byte[] Forecaster(bool seen)
    {
        int length = _in.Read7BitEncodedInt();
        return !seen && length is > 0 and <= MaxForecasterBytes
            ? Bytes(length)
            : throw new InvalidDataException($"the binary checkpoint's forecaster section is damaged ({length} bytes{(seen ? ", a second time" : "")})");
    }

    private byte[] Bytes(int length)
    {
        byte[] bytes = _in.ReadBytes(length);
        return bytes.Length == length ? bytes : throw new EndOfStreamException();
    }

    private static string SafePosition(Stream stream) => stream.CanSeek ? stream.Position.ToString(System.Globalization.CultureInfo.InvariantCulture) : "?";

    private RecommenderCheckpoint Checkpoint()
    {
        Span<byte> magic = stackalloc byte[4];
        _in.BaseStream.ReadExactly(magic);
        if (!IsBinary(magic))
        {
            throw new InvalidDataException("not a binary kernel-truth checkpoint (no KTCP header)");
        }

        int format = _in.ReadInt32();
        if (format != CheckpointBinaryWriter.FormatVersion)
        {
            throw new InvalidDataException($"binary checkpoint format {format}; this build reads format {CheckpointBinaryWriter.FormatVersion} (and the JSON format 1)");
        }

        int version = _in.ReadInt32();
        DateTimeOffset savedAt = Time() ?? throw new InvalidDataException("the binary checkpoint has no save time");
        int count = Count();
        var workloads = new WorkloadCheckpoint[count];
        for (int i = 0; i < count; i++)
        {
            workloads[i] = new WorkloadCheckpoint(_in.ReadString(), Model()) { LastData = Time() };
        }

        byte[]? forecaster = null;
        for (int tag = _in.BaseStream.ReadByte(); tag != -1; tag = _in.BaseStream.ReadByte())
        {
            switch (tag)
            {
                case CheckpointBinaryWriter.StartupsTag:
                    StartupSection(workloads);
                    break;
                case CheckpointBinaryWriter.DemandHistoriesTag:
                    DemandHistories(workloads);
                    break;
                case CheckpointBinaryWriter.ForecasterTag:
                    forecaster = Forecaster(forecaster is not null);
                    break;
                case CheckpointBinaryWriter.ForecastGuardsTag:
                    ForecastGuards(workloads);
                    break;
                case CheckpointBinaryWriter.BorrowedHistoriesTag:
                    BorrowedHistories(workloads);
                    break;
                default:
                    throw new InvalidDataException($"the binary checkpoint has an unknown section {tag} after its {count} workloads");
            }
        }

        return new RecommenderCheckpoint { Version = version, SavedAt = savedAt, Workloads = workloads, Forecaster = forecaster };
    }

    /// <summary>The start histories (<see cref="CheckpointBinaryWriter"/>'s section), set on the workloads they belong to.</summary>
    private void StartupSection(WorkloadCheckpoint[] workloads)
    {
        int count = Count();
        for (int n = 0; n < count; n++)
        {
            int i = _in.Read7BitEncodedInt();
            if (i < 0 || i >= workloads.Length || workloads[i].Startups is not null)
            {
                throw new InvalidDataException($"the binary checkpoint's starts name workload {i} of {workloads.Length} (or twice)");
            }

            int version = _in.Read7BitEncodedInt();
            var starts = new StartupSampleState[Count()];
            for (int k = 0; k < starts.Length; k++)
            {
                starts[k] = new StartupSampleState(_in.ReadUInt64(), Measured(_in.ReadSingle()), _in.ReadSingle(), _in.ReadSingle(), Measured(_in.ReadSingle()), Measured(_in.ReadSingle()));
            }

            workloads[i] = workloads[i] with { Startups = new StartupHistoryState { Version = version, Starts = starts } };
        }
    }

    /// <summary>The borrowed-history marks (<see cref="CheckpointBinaryWriter"/>'s section), set on the workloads they belong to.</summary>
    private void BorrowedHistories(WorkloadCheckpoint[] workloads)
    {
        int count = Count();
        for (int n = 0; n < count; n++)
        {
            int i = _in.Read7BitEncodedInt();
            if (i < 0 || i >= workloads.Length || workloads[i].BorrowedHistory is not null)
            {
                throw new InvalidDataException($"the binary checkpoint's borrowed histories name workload {i} of {workloads.Length} (or twice)");
            }

            workloads[i] = workloads[i] with { BorrowedHistory = new BorrowedHistoryState(_in.ReadString(), Time()) };
        }
    }

    private static float? Measured(float value) => float.IsNaN(value) ? null : value;

    private WorkloadModelCheckpoint Model()
    {
        int version = _in.Read7BitEncodedInt();
        HistogramState demand = Histogram();
        CensoredState censored = Censored();
        HistogramState? minutes = _in.ReadBoolean() ? Histogram() : null;
        long censoredMinutes = _in.Read7BitEncodedInt64();
        long? throttledMinutes = _in.ReadBoolean() ? _in.Read7BitEncodedInt64() : null;
        var throttle = new ThrottleObservationsState { ReferenceTime = Time(), Periods = _in.ReadDouble(), Throttled = _in.ReadDouble(), Waits = Histogram() };
        HistogramState contention = Histogram();
        DailyPeaksState memory = Peaks();
        BaselineState baseline = Baseline();
        return new WorkloadModelCheckpoint
        {
            Version = version,
            DemandExact = demand,
            DemandCensored = censored,
            MinuteDemand = minutes,
            CensoredMinutes = censoredMinutes,
            ThrottledMinutes = throttledMinutes,
            Throttle = throttle,
            ContentionWait = contention,
            Memory = memory,
            Baseline = baseline,
            LastIntervalTime = Time(),
            LimitCores = OptionalDouble(),
            BurstCores = _in.ReadDouble(),
            RequestCores = OptionalDouble(),
            PeriodSeconds = _in.ReadDouble(),
            Intervals = _in.Read7BitEncodedInt64(),
            Periods = _in.Read7BitEncodedInt64(),
        };
    }

    private BaselineState Baseline()
    {
        HistogramState cpu = Histogram();
        DailyPeaksState memory = Peaks();
        DateTimeOffset? first = Time();
        DateTimeOffset? last = Time();
        long samples = _in.Read7BitEncodedInt64();
        DateTimeOffset? pendingMinute = Time();
        double coreSeconds = _in.ReadDouble();
        double waitingAtStart = _in.ReadDouble();
        double censored = _in.ReadDouble();
        double lastCap = _in.ReadDouble();
        byte flags = _in.ReadByte();
        return new BaselineState
        {
            Cpu = cpu,
            Memory = memory,
            FirstSample = first,
            LastSample = last,
            Samples = samples,
            PendingMinute = pendingMinute,
            PendingCoreSeconds = coreSeconds,
            PendingWaitingAtStartSeconds = waitingAtStart,
            PendingCensoredSeconds = censored,
            PendingLastCapSeconds = lastCap,
            PendingLastThrottledThroughout = (flags & 1) != 0,
            PendingAllThrottledThroughout = (flags & 2) != 0,
            PendingSeconds = _in.ReadDouble(),
            PendingMemoryBytes = _in.Read7BitEncodedInt64(),
            PendingLastTime = Time(),
        };
    }

    private DailyPeaksState Peaks() => new() { Peaks = Histogram(), WindowEnd = Time(), LastSample = Time(), CurrentPeak = _in.ReadDouble() };

    private CensoredState Censored() => new() { LimitMillicores = Ints(increasing: false), Weights = Doubles(), WeightedExcess = Doubles(), Total = _in.ReadDouble() };

    private HistogramState Histogram()
    {
        int version = _in.Read7BitEncodedInt();
        int scheme = _in.Read7BitEncodedInt();
        if (scheme == _schemes.Count)
        {
            _schemes.Add(_in.ReadString());
        }
        else if (scheme > _schemes.Count)
        {
            throw new InvalidDataException($"the binary checkpoint refers to bucket scheme {scheme} before naming it");
        }

        return new HistogramState { Version = version, Scheme = _schemes[scheme], ReferenceTime = Time(), Buckets = Ints(increasing: true), Weights = Doubles(), TotalWeight = _in.ReadDouble() };
    }

    private int[] Ints(bool increasing)
    {
        var values = new int[Count()];
        int previous = -1;
        for (int i = 0; i < values.Length; i++)
        {
            int v = _in.Read7BitEncodedInt();
            values[i] = increasing ? previous + v : v;
            previous = values[i];
        }

        return values;
    }

    private double[] Doubles()
    {
        var values = new double[Count()];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = _in.ReadDouble();
        }

        return values;
    }

    private int Count()
    {
        int count = _in.Read7BitEncodedInt();
        return count is >= 0 and <= MaxEntries ? count : throw new InvalidDataException($"the binary checkpoint is damaged: a count of {count} near byte {SafePosition(_in.BaseStream)}");
    }

    private DateTimeOffset? Time() => _in.ReadByte() switch
    {
        0 => null,
        1 => new DateTimeOffset(Ticks(), TimeSpan.Zero),
        2 => new DateTimeOffset(Ticks(), TimeSpan.FromMinutes(_in.ReadInt16())),
        var other => throw new InvalidDataException($"the binary checkpoint is damaged: time marker {other} near byte {SafePosition(_in.BaseStream)}"),
    };

    private long Ticks()
    {
        long ticks = _in.ReadInt64();
        return ticks is >= 0 and <= 3155378975999999999 ? ticks : throw new InvalidDataException($"the binary checkpoint is damaged: {ticks} ticks near byte {SafePosition(_in.BaseStream)}");
    }

    private double? OptionalDouble() => _in.ReadBoolean() ? _in.ReadDouble() : null;
}
