using System.Buffers.Binary;

namespace KernelTruth.Simulations.Forecast;

/// <summary>
/// One workload's demand history, compact enough to keep per container: a mean per hour of the week (168 floats,
/// an average that forgets over about four weeks) and the last <see cref="RecentMinutes"/> minutes (floats), fed one
/// value per minute in time order. 168 × (4 + 1) + 30 × 4 + 16 = 976 bytes.
/// Minutes count from the Unix epoch (a Thursday 00:00 UTC); hour-of-week 0 is Monday 00:00 UTC.
/// Saved as <see cref="SavedBytes"/> bytes by <see cref="ToBytes"/> (checkpoints), read back by <see cref="FromBytes"/>.
/// </summary>
public sealed class DemandHistory
{
    public const int HoursPerWeek = 168;
    public const int RecentMinutes = 30;

    /// <summary>A slot's average forgets with weight 1/min(n, 240): 60 samples a week ⇒ about four weeks of memory.</summary>
    private const int SlotMemory = 240;

    /// <summary>Minute 0 (1970-01-01, a Thursday) is hour 72 of a Monday-based week.</summary>
    private const long EpochHourOfWeek = 72;

    private readonly float[] _hourOfWeek = new float[HoursPerWeek];
    private readonly byte[] _samples = new byte[HoursPerWeek];
    private readonly float[] _recent = new float[RecentMinutes];
    private long _lastMinute = long.MinValue;
    private int _recentCount;
    private int _next;

    /// <summary>Version of <see cref="ToBytes"/>'s layout, its first byte.</summary>
    public const byte FormatVersion = 1;

    /// <summary>1 (version) + 8 (last minute) + 1 + 1 (ring count, next) + 168 × 4 + 168 + 30 × 4 = 971.</summary>
    public const int SavedBytes = 1 + 8 + 1 + 1 + (HoursPerWeek * sizeof(float)) + HoursPerWeek + (RecentMinutes * sizeof(float));

    public static int RetainedBytes => (HoursPerWeek * (sizeof(float) + sizeof(byte))) + (RecentMinutes * sizeof(float)) + 16;

    /// <summary>The last minute added; long.MinValue when empty.</summary>
    public long LastMinute => _lastMinute;

    /// <summary>Hours of the week with at least half an hour of samples (168 = <see cref="WeekCovered"/>).</summary>
    public int HoursCovered => _samples.Count(n => n >= 30);

    /// <summary>True when every hour of the week has at least half an hour of samples: the seasonal shape is known.</summary>
    public bool WeekCovered => _samples.All(n => n >= 30);

    /// <summary>Adds the demand of one minute (cores); minutes must increase. A skipped minute leaves a gap in the recent ring, filled with the last value.</summary>
    public void Add(long minute, double cores)
    {
        if (minute <= _lastMinute)
        {
            throw new ArgumentException($"minute {minute} is not after the last one ({_lastMinute})", nameof(minute));
        }

        if (!double.IsFinite(cores) || cores < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(cores), cores, "demand must be a finite number of cores ≥ 0");
        }

        long gap = _lastMinute == long.MinValue ? 1 : Math.Min(minute - _lastMinute, RecentMinutes);
        float fill = _recentCount == 0 ? (float)cores : Recent(0);
        for (long i = 1; i < gap; i++)
        {
            Push(fill);
        }

        Push((float)cores);
        int slot = HourOfWeek(minute);
        int n = Math.Min(_samples[slot] + 1, SlotMemory);
        _samples[slot] = (byte)n;
        _hourOfWeek[slot] += (float)((cores - _hourOfWeek[slot]) / n);
        _lastMinute = minute;
    }

    /// <summary>Demand <paramref name="lag"/> minutes before the last one (0 = the last); lags past the ring give its oldest.</summary>
    public float Recent(int lag)
    {
        if (_recentCount == 0)
        {
            return 0;
        }

        lag = Math.Clamp(lag, 0, _recentCount - 1);
        return _recent[(_next - 1 - lag + (2 * RecentMinutes)) % RecentMinutes];
    }

    /// <summary>
    /// The seasonal demand at <paramref name="minute"/>: linear between the hour means, each placed at its half hour.
    /// Example: hour 10 averages 2 cores, hour 11 4 cores ⇒ at 11:00 (half way from 10:30 to 11:30) 3 cores.
    /// </summary>
    public double Seasonal(long minute)
    {
        double hours = (minute / 60.0) + EpochHourOfWeek - 0.5;
        double floor = Math.Floor(hours);
        int a = (int)(((long)floor % HoursPerWeek + HoursPerWeek) % HoursPerWeek), b = (a + 1) % HoursPerWeek;
        double f = hours - floor;
        return ((1 - f) * _hourOfWeek[a]) + (f * _hourOfWeek[b]);
    }

    /// <summary>The mean of the hour-of-week profile: the workload's level, which the global model's features are scaled by.</summary>
    public double Level() => _hourOfWeek.Average(v => (double)v);

    public static int HourOfWeek(long minute) => (int)((((minute / 60) + EpochHourOfWeek) % HoursPerWeek + HoursPerWeek) % HoursPerWeek);

    private void Push(float value)
    {
        _recent[_next] = value;
        _next = (_next + 1) % RecentMinutes;
        _recentCount = Math.Min(_recentCount + 1, RecentMinutes);
    }

    /// <summary>The whole state, little-endian, in <see cref="SavedBytes"/> bytes: what a checkpoint keeps.</summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[SavedBytes];
        var span = bytes.AsSpan();
        span[0] = FormatVersion;
        BinaryPrimitives.WriteInt64LittleEndian(span[1..], _lastMinute);
        span[9] = (byte)_recentCount;
        span[10] = (byte)_next;
        int at = 11;
        foreach (float v in _hourOfWeek)
        {
            BinaryPrimitives.WriteSingleLittleEndian(span[at..], v);
            at += sizeof(float);
        }

        _samples.CopyTo(span[at..]);
        at += HoursPerWeek;
        foreach (float v in _recent)
        {
            BinaryPrimitives.WriteSingleLittleEndian(span[at..], v);
            at += sizeof(float);
        }

        return bytes;
    }

    /// <summary>Reads what <see cref="ToBytes"/> wrote; every field is checked.</summary>
    /// <exception cref="InvalidDataException">Another length or version, or a value no history holds (a damaged copy).</exception>
    public static DemandHistory FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != SavedBytes || bytes[0] != FormatVersion)
        {
            throw new InvalidDataException($"demand history of {bytes.Length} bytes, version {(bytes.IsEmpty ? 0 : bytes[0])}; this build reads {SavedBytes} bytes of version {FormatVersion}");
        }

        var history = new DemandHistory { _lastMinute = BinaryPrimitives.ReadInt64LittleEndian(bytes[1..]), _recentCount = bytes[9], _next = bytes[10] };
        if (history._recentCount > RecentMinutes || history._next >= RecentMinutes)
        {
            throw new InvalidDataException($"demand history ring count {history._recentCount} or position {history._next} is outside 0–{RecentMinutes}");
        }

        int at = 11;
        for (int i = 0; i < HoursPerWeek; i++, at += sizeof(float))
        {
            history._hourOfWeek[i] = Checked(BinaryPrimitives.ReadSingleLittleEndian(bytes[at..]));
        }

        bytes.Slice(at, HoursPerWeek).CopyTo(history._samples);
        at += HoursPerWeek;
        for (int i = 0; i < RecentMinutes; i++, at += sizeof(float))
        {
            history._recent[i] = Checked(BinaryPrimitives.ReadSingleLittleEndian(bytes[at..]));
        }

        if (history._samples.Any(n => n > SlotMemory))
        {
            throw new InvalidDataException($"demand history has an hour with more than {SlotMemory} samples");
        }

        return history;
    }

    private static float Checked(float cores) =>
        float.IsFinite(cores) && cores >= 0 ? cores : throw new InvalidDataException($"demand history holds {cores} cores (not a finite number ≥ 0)");
}
