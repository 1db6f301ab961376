namespace KernelTruth.Recommender.Input;

/// <summary>
/// A histogram of cumulative counts kept only to subtract it from the next reading: the non-zero
/// slots, each packed as index (16 bits) and count (48 bits) in one ulong. A sensor's usage list
/// runs to about 180 slots at 20 ms periods, mostly zero; kept whole with its bounds it cost
/// 2.9 KB per cgroup, packed it costs 8 bytes per slot in use. 2^48 counts is 890 years of
/// 100 ms periods; a count beyond it (or an index beyond 65 535) keeps the list dense instead.
/// A baseline keeps its histograms in one array, a section each (<see cref="Pack"/>): this is a
/// view of one section, so three histograms cost one array header, not three.
/// </summary>
public readonly struct CumulativeSlots
{
    private const int CountBits = 48;
    private const ulong CountMask = (1UL << CountBits) - 1;

    private readonly ulong[]? _array;
    private readonly int _from;
    private readonly int _to;
    private readonly bool _dense;

    private CumulativeSlots(ulong[]? array, int from, int to, bool dense)
    {
        _array = array;
        _from = from;
        _to = to;
        _dense = dense;
    }

    /// <summary>One histogram in an array of its own.</summary>
    public static CumulativeSlots Of(IReadOnlyList<ulong> counts)
    {
        Span<int> ends = stackalloc int[1];
        var array = Pack([counts], ends, out int dense);
        return Section(array, 0, ends[0], dense != 0);
    }

    /// <summary>
    /// Several histograms in one array, one section after the other: <paramref name="ends"/>[k] is where
    /// section k ends (section k starts where k − 1 ends), bit k of <paramref name="denseSections"/> says
    /// section k is kept dense. Null when every count is zero. Read a section back with <see cref="Section"/>.
    /// Worked example: period usage with 7 slots in use, contention with 4, throttle with 1 ⇒ one array of
    /// 12 ulongs (24 + 96 = 120 bytes) and ends 7, 11, 12, instead of three arrays (160 bytes) and three views.
    /// </summary>
    public static ulong[]? Pack(ReadOnlySpan<IReadOnlyList<ulong>> histograms, Span<int> ends, out int denseSections)
    {
        denseSections = 0;
        int length = 0;
        for (int k = 0; k < histograms.Length; k++)
        {
            var counts = histograms[k];
            bool dense = false;
            int used = 0;
            for (int i = 0; i < counts.Count && !dense; i++)
            {
                dense = counts[i] > CountMask || (counts[i] != 0 && i > ushort.MaxValue);
                used += counts[i] != 0 ? 1 : 0;
            }

            denseSections |= dense ? 1 << k : 0;
            length += dense ? counts.Count : used;
            ends[k] = length;
        }

        if (length == 0)
        {
            return null;
        }

        var array = new ulong[length];
        for (int k = 0, at = 0; k < histograms.Length; k++)
        {
            var counts = histograms[k];
            bool dense = (denseSections & (1 << k)) != 0;
            for (int i = 0; i < counts.Count; i++)
            {
                if (dense)
                {
                    array[at++] = counts[i];
                }
                else if (counts[i] != 0)
                {
                    array[at++] = ((ulong)i << CountBits) | counts[i];
                }
            }
        }

        return array;
    }

    /// <summary>The histogram packed in <paramref name="array"/> from <paramref name="from"/> up to <paramref name="to"/> (see <see cref="Pack"/>).</summary>
    public static CumulativeSlots Section(ulong[]? array, int from, int to, bool dense) =>
        from < to ? new CumulativeSlots(array, from, to, dense) : default;

    /// <summary>Whether any slot holds more than the same slot of <paramref name="later"/> (absent = 0).</summary>
    public bool AnyAbove(IReadOnlyList<ulong> later)
    {
        for (int at = _from; at < _to; at++)
        {
            ulong p = _array![at];
            int i = _dense ? at - _from : (int)(p >> CountBits);
            ulong count = _dense ? p : p & CountMask;
            if (count > (i < later.Count ? later[i] : 0))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Walks the slots in increasing index order, as a merge with a later reading does.</summary>
    public Cursor Walk() => new(_array, _from, _to, _dense);

    /// <summary>Reads slot counts at increasing indices without allocating.</summary>
    public ref struct Cursor
    {
        private readonly ulong[]? _array;
        private readonly int _from;
        private readonly int _to;
        private readonly bool _dense;
        private int _next;

        internal Cursor(ulong[]? array, int from, int to, bool dense)
        {
            (_array, _from, _to, _dense, _next) = (array, from, to, dense, from);
        }

        /// <summary>The count at <paramref name="index"/>; indices must not decrease between calls.</summary>
        public ulong At(int index)
        {
            if (_dense)
            {
                return index < _to - _from ? _array![_from + index] : 0;
            }

            while (_next < _to && (int)(_array![_next] >> CountBits) < index)
            {
                _next++;
            }

            return _next < _to && (int)(_array![_next] >> CountBits) == index ? _array[_next] & CountMask : 0;
        }
    }
}
