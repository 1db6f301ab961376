using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace KernelTruth.Simulations.Forecast;

/// <summary>
/// One workload's demand history, compact enough to keep per container: a mean per hour of the week (an average that
/// forgets over about four weeks, with its sample count) and the last <see cref="RecentMinutes"/> minutes, fed one value
/// per minute in time order. One object, the arrays inline: <see cref="RetainedBytes"/> = 592 bytes.
/// Minutes count from the Unix epoch (a Thursday 00:00 UTC); hour-of-week 0 is Monday 00:00 UTC.
/// Saved as <see cref="SavedBytes"/> bytes by <see cref="ToBytes"/> (checkpoints), read back by <see cref="FromBytes"/>.
/// </summary>
/// <remarks>
/// Values are kept as IEEE half floats (11 significant bits: any value within 1/2 048 of itself, 0.05 %), except the
/// mean of the hour being filled, which stays a float until its hour ends and is rounded once then. Rounded every
/// minute, the mean would stick: with 240 samples a 10 % departure moves it by 0.04 %, under half a unit in the last
/// place of a half, so the update would be lost. Rounded once an hour, the hour's 60 updates have moved it by about
/// 22 % of the departure (1 − (239/240)^60), and the error stays bounded: each week's rounding (≤ 1/2 048) is carried
/// on at weight 0.78, so the mean sits at most 1/2 048 ÷ 0.22 ≈ 0.22 % from the float one (a mean "stuck" within
/// 0.22 % of the demand is the same bound). Example: 1 core for four weeks, then 1.05 ⇒ four weeks later the float
/// mean is 1.0316 and this one within 0.22 % of it; rounded every minute it would still be 1.0.
/// Memory and checkpoint hold the same values, so a restored history forecasts exactly as the one saved.
/// Demand above <see cref="MaxCores"/> (65 504 cores, the largest half) is kept as that. Minutes are kept in 48 bits
/// (<see cref="MinMinute"/>–<see cref="MaxMinute"/>, ±267 million years; a DateTimeOffset spans ±5.3 billion minutes).
/// Not sealed so that a recommender can keep a workload's other forecasting state in the same object (one header and
/// no reference to a second object per workload); nothing here is virtual.
/// </remarks>
public class DemandHistory
{
    public const int HoursPerWeek = 168;
    public const int RecentMinutes = 30;

    /// <summary>The largest demand kept, in cores: the largest finite half float.</summary>
    public const double MaxCores = 65_504;

    /// <summary>A slot's average forgets with weight 1/min(n, 240): 60 samples a week ⇒ about four weeks of memory.</summary>
    private const int SlotMemory = 240;

    /// <summary>Minute 0 (1970-01-01, a Thursday) is hour 72 of a Monday-based week.</summary>
    private const long EpochHourOfWeek = 72;

    private const int NoSlot = -1;

    /// <summary>The earliest minute a history keeps: −2^47 + 1 (−2^47 marks "none yet").</summary>
    public const long MinMinute = -(1L << 47) + 1;

    /// <summary>The latest minute a history keeps: 2^47 − 1, about 267 million years after 1970.</summary>
    public const long MaxMinute = (1L << 47) - 1;

    private HourHalves _means;
    private HourCounts _samples;
    private RecentHalves _recent;

    // The last minute added in 48 bits, its low 32 and its high 16 (short.MinValue with 0: none yet). The hour being
    // filled is the last minute's (OpenSlot), not a field: with these the fields take 4 + 2 + 4 + 1 + 1 = 12 bytes
    // beside the arrays' 564, 576 in all, a multiple of 8 (a long minute and the slot's int made 582, padded to 584
    // here and in a class that extends this one).
    private uint _lastMinuteLow;
    private short _lastMinuteHigh = short.MinValue;
    private float _openMean;
    private byte _recentCount;
    private byte _next;

    /// <summary>Version of <see cref="ToBytes"/>'s layout, its first byte. Version 1 (floats, 971 bytes) still loads.</summary>
    public const byte FormatVersion = 2;

    /// <summary>
    /// 1 (version) + 8 (last minute) + 1 + 1 (ring count, next) + 4 (the open hour's float mean) + 168 × 2 (half
    /// means) + 168 (counts) + 30 × 2 (half recent minutes) = 579.
    /// </summary>
    public const int SavedBytes = OpenMeanAt + sizeof(float) + (HoursPerWeek * 2) + HoursPerWeek + (RecentMinutes * 2);

    /// <summary>Version 1's length: 1 + 8 + 1 + 1 + 168 × 4 (float means) + 168 + 30 × 4 (float minutes) = 971.</summary>
    public const int SavedBytesVersion1 = 11 + (HoursPerWeek * sizeof(float)) + HoursPerWeek + (RecentMinutes * sizeof(float));

    private const int OpenMeanAt = 11;

    /// <summary>
    /// The object: 16 (header) + 168 × 2 + 168 + 30 × 2 (the inline arrays) + 4 + 2 (last minute, 48 bits) + 4 (open
    /// mean) + 1 + 1 (ring count, next) = 592. With the last minute a long and the open hour's slot an int of its own it
    /// was 598, padded to 600.
    /// </summary>
    public static int RetainedBytes => 592;

    /// <summary>An empty history.</summary>
    public DemandHistory()
    {
    }

    /// <summary>A history holding the same state as <paramref name="copy"/> (its arrays are inline, so this copies them).</summary>
    protected DemandHistory(DemandHistory copy)
    {
        ArgumentNullException.ThrowIfNull(copy);
        Assign(copy);
    }

    /// <summary>
    /// Takes the state of <paramref name="copy"/> (its arrays are inline, so this copies them), or an empty history's
    /// when null: for a class that keeps a history in the object it lives in and is given another one later.
    /// </summary>
    protected void Assign(DemandHistory? copy)
    {
        if (copy is null)
        {
            (_means, _samples, _recent) = (default, default, default);
            (LastMinute, _openMean, _recentCount, _next) = (long.MinValue, 0, 0, 0);
            return;
        }

        (_means, _samples, _recent) = (copy._means, copy._samples, copy._recent);
        (_lastMinuteLow, _lastMinuteHigh, _openMean, _recentCount, _next) = (copy._lastMinuteLow, copy._lastMinuteHigh, copy._openMean, copy._recentCount, copy._next);
    }

    /// <summary>The last minute added; long.MinValue when empty.</summary>
    public long LastMinute
    {
        get => _lastMinuteHigh == short.MinValue && _lastMinuteLow == 0 ? long.MinValue : ((long)_lastMinuteHigh << 32) | _lastMinuteLow;
        private set => (_lastMinuteLow, _lastMinuteHigh) = value == long.MinValue ? (0u, short.MinValue) : ((uint)value, (short)(value >> 32));
    }

    /// <summary>The hour of the week being filled: the last minute's; <see cref="NoSlot"/> when empty.</summary>
    private int OpenSlot
    {
        get
        {
            long last = LastMinute;
            return last == long.MinValue ? NoSlot : HourOfWeek(last);
        }
    }

    /// <summary>Hours of the week with at least half an hour of samples (168 = <see cref="WeekCovered"/>).</summary>
    public int HoursCovered
    {
        get
        {
            int covered = 0;
            foreach (byte n in _samples)
            {
                covered += n >= 30 ? 1 : 0;
            }

            return covered;
        }
    }

    /// <summary>True when every hour of the week has at least half an hour of samples: the seasonal shape is known.</summary>
    public bool WeekCovered => HoursCovered == HoursPerWeek;

    /// <summary>
    /// Adds the demand of one minute (cores); minutes must increase, within <see cref="MinMinute"/>–<see cref="MaxMinute"/>.
    /// A skipped minute leaves a gap in the recent ring, filled with the last value.
    /// </summary>
    public void Add(long minute, double cores)
    {
        long lastMinute = LastMinute;
        if (minute <= lastMinute)
        {
            throw new ArgumentException($"minute {minute} is not after the last one ({lastMinute})", nameof(minute));
        }

        if (minute is < MinMinute or > MaxMinute)
        {
            throw new ArgumentOutOfRangeException(nameof(minute), minute, $"a demand history keeps minutes {MinMinute} to {MaxMinute} (±267 million years from 1970)");
        }

        if (!double.IsFinite(cores) || cores < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(cores), cores, "demand must be a finite number of cores ≥ 0");
        }

        cores = Math.Min(cores, MaxCores);
        long gap = lastMinute == long.MinValue ? 1 : Math.Min(minute - lastMinute, RecentMinutes);
        Half fill = _recentCount == 0 ? (Half)cores : _recent[Newest(0)];
        for (long i = 1; i < gap; i++)
        {
            Push(fill);
        }

        Push((Half)cores);
        int slot = HourOfWeek(minute);
        if (slot != OpenSlot)
        {
            Close();
            _openMean = (float)_means[slot];
        }

        int n = Math.Min(_samples[slot] + 1, SlotMemory);
        _samples[slot] = (byte)n;
        _openMean += (float)((cores - _openMean) / n);
        LastMinute = minute; // the open slot is now this minute's hour
    }

    /// <summary>Demand <paramref name="lag"/> minutes before the last one (0 = the last); lags past the ring give its oldest.</summary>
    public float Recent(int lag) => _recentCount == 0 ? 0 : (float)_recent[Newest(Math.Clamp(lag, 0, _recentCount - 1))];

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
        int open = OpenSlot;
        return ((1 - f) * Mean(a, open)) + (f * Mean(b, open));
    }

    /// <summary>The mean of the hour-of-week profile: the workload's level, which the global model's features are scaled by.</summary>
    public double Level()
    {
        double sum = 0;
        int open = OpenSlot;
        for (int slot = 0; slot < HoursPerWeek; slot++)
        {
            sum += Mean(slot, open);
        }

        return sum / HoursPerWeek;
    }

    public static int HourOfWeek(long minute) => (int)((((minute / 60) + EpochHourOfWeek) % HoursPerWeek + HoursPerWeek) % HoursPerWeek);

    /// <summary>The hour's mean: the float of the hour being filled, else the half its hour ended with.</summary>
    private float Mean(int slot, int open) => slot == open ? _openMean : (float)_means[slot];

    /// <summary>The open hour's mean, rounded to a half now that its hour has ended (or is being saved).</summary>
    private void Close()
    {
        int open = OpenSlot;
        if (open != NoSlot)
        {
            _means[open] = (Half)_openMean;
        }
    }

    private int Newest(int lag) => (_next - 1 - lag + (2 * RecentMinutes)) % RecentMinutes;

    private void Push(Half value)
    {
        _recent[_next] = value;
        _next = (byte)((_next + 1) % RecentMinutes);
        _recentCount = (byte)Math.Min(_recentCount + 1, RecentMinutes);
    }

    /// <summary>
    /// The whole state, little-endian, in <see cref="SavedBytes"/> bytes: what a checkpoint keeps. Version 2:
    /// [0] version 2, [1..8] last minute (int64), [9] ring count, [10] ring next, [11..14] the open hour's mean (float32,
    /// unrounded), [15..350] 168 half means (the open hour's rounded), [351..518] 168 counts, [519..578] 30 half minutes.
    /// Example: 1.5 cores is the half 0x3E00, saved as the bytes 00 3E.
    /// </summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[SavedBytes];
        var span = bytes.AsSpan();
        span[0] = FormatVersion;
        BinaryPrimitives.WriteInt64LittleEndian(span[1..], LastMinute);
        (span[9], span[10]) = (_recentCount, _next);
        BinaryPrimitives.WriteSingleLittleEndian(span[OpenMeanAt..], _openMean);
        int at = OpenMeanAt + sizeof(float), open = OpenSlot;
        for (int slot = 0; slot < HoursPerWeek; slot++, at += 2)
        {
            BinaryPrimitives.WriteHalfLittleEndian(span[at..], slot == open ? (Half)_openMean : _means[slot]);
        }

        ((ReadOnlySpan<byte>)_samples).CopyTo(span[at..]);
        at += HoursPerWeek;
        foreach (Half v in _recent)
        {
            BinaryPrimitives.WriteHalfLittleEndian(span[at..], v);
            at += 2;
        }

        return bytes;
    }

    /// <summary>
    /// Reads what <see cref="ToBytes"/> wrote, or version 1 (971 bytes of floats, written by earlier builds): its float means
    /// are rounded to halves as their hours would have been, all but the last minute's hour, which stays open as a
    /// float; its minutes are rounded to halves. Every field is checked.
    /// </summary>
    /// <exception cref="InvalidDataException">Another length or version, or a value no history holds (a damaged copy).</exception>
    public static DemandHistory FromBytes(ReadOnlySpan<byte> bytes)
    {
        bool version1 = bytes.Length == SavedBytesVersion1 && bytes[0] == 1;
        if (!version1 && (bytes.Length != SavedBytes || bytes[0] != FormatVersion))
        {
            throw new InvalidDataException($"demand history of {bytes.Length} bytes, version {(bytes.IsEmpty ? 0 : bytes[0])}; this build reads {SavedBytes} bytes of version {FormatVersion} or {SavedBytesVersion1} of version 1");
        }

        long lastMinute = BinaryPrimitives.ReadInt64LittleEndian(bytes[1..]);
        if (lastMinute != long.MinValue && lastMinute is < MinMinute or > MaxMinute)
        {
            throw new InvalidDataException($"demand history's last minute {lastMinute} is outside the minutes a history keeps ({MinMinute} to {MaxMinute})");
        }

        var history = new DemandHistory { LastMinute = lastMinute, _recentCount = bytes[9], _next = bytes[10] };
        if (history._recentCount > RecentMinutes || history._next >= RecentMinutes)
        {
            throw new InvalidDataException($"demand history ring count {history._recentCount} or position {history._next} is outside 0–{RecentMinutes}");
        }

        float open = version1 ? 0 : Checked(BinaryPrimitives.ReadSingleLittleEndian(bytes[OpenMeanAt..]));
        int valueBytes = version1 ? sizeof(float) : 2;
        int at = version1 ? 11 : OpenMeanAt + sizeof(float);
        var means = new float[HoursPerWeek];
        for (int slot = 0; slot < HoursPerWeek; slot++, at += valueBytes)
        {
            means[slot] = Value(bytes[at..], version1);
        }

        bytes.Slice(at, HoursPerWeek).CopyTo(history._samples);
        at += HoursPerWeek;
        for (int i = 0; i < RecentMinutes; i++, at += valueBytes)
        {
            history._recent[i] = (Half)Math.Min(Value(bytes[at..], version1), (float)MaxCores);
        }

        foreach (byte n in history._samples)
        {
            if (n > SlotMemory)
            {
                throw new InvalidDataException($"demand history has an hour with more than {SlotMemory} samples");
            }
        }

        for (int slot = 0; slot < HoursPerWeek; slot++)
        {
            history._means[slot] = (Half)Math.Min(means[slot], (float)MaxCores);
        }

        if (lastMinute != long.MinValue)
        {
            history._openMean = version1 ? means[HourOfWeek(lastMinute)] : open; // the last minute's hour is the open one
        }

        return history;
    }

    private static float Value(ReadOnlySpan<byte> at, bool version1) =>
        Checked(version1 ? BinaryPrimitives.ReadSingleLittleEndian(at) : (float)BinaryPrimitives.ReadHalfLittleEndian(at));

    private static float Checked(float cores) =>
        float.IsFinite(cores) && cores >= 0 ? cores : throw new InvalidDataException($"demand history holds {cores} cores (not a finite number ≥ 0)");

    [InlineArray(HoursPerWeek)]
    private struct HourHalves
    {
        private Half _first;
    }

    [InlineArray(HoursPerWeek)]
    private struct HourCounts
    {
        private byte _first;
    }

    [InlineArray(RecentMinutes)]
    private struct RecentHalves
    {
        private Half _first;
    }
}
