namespace KernelTruth.Recommender.Input;

/// <summary>
/// A histogram of cumulative counts kept only to subtract it from the next reading: the non-zero slots, each as
/// the gap from the slot before and its count, both <see cref="Varint"/>s. A sensor's usage list runs to about 180
/// slots at 20 ms periods, mostly zero; kept whole with its bounds it cost 2.9 KB per cgroup, so a slot in use
/// takes 2–6 bytes (the next slot, gap 0, with 1 000 periods: 1 + 2 bytes). Every count a ulong holds stays exact. This is a view of bytes that may hold more (a baseline keeps its three
/// histograms in one array, <see cref="CounterBaseline"/>).
/// </summary>
public readonly struct CumulativeSlots
{
    private readonly byte[]? _bytes;
    private readonly int _from;
    private readonly int _to;

    private CumulativeSlots(byte[]? bytes, int from, int to)
    {
        _bytes = bytes;
        _from = from;
        _to = to;
    }

    /// <summary>One histogram in an array of its own.</summary>
    public static CumulativeSlots Of(IReadOnlyList<ulong> counts)
    {
        var bytes = new byte[Size(counts)];
        var writer = new Varint.Writer(bytes);
        Write(ref writer, counts);
        return Section(bytes, 0, bytes.Length);
    }

    /// <summary>The bytes <see cref="Write"/> takes for <paramref name="counts"/>.</summary>
    internal static int Size(IReadOnlyList<ulong> counts)
    {
        var size = new Varint.Writer(null);
        Write(ref size, counts);
        return size.Position;
    }

    /// <summary>Writes the non-zero slots of <paramref name="counts"/> as <see cref="Section"/> reads them back.</summary>
    internal static void Write(ref Varint.Writer writer, IReadOnlyList<ulong> counts)
    {
        for (int i = 0, next = 0; i < counts.Count; i++)
        {
            if (counts[i] != 0)
            {
                writer.Put((ulong)(i - next)); // slots skipped since the last one in use
                writer.Put(counts[i]);
                next = i + 1;
            }
        }
    }

    /// <summary>The histogram written (<see cref="Write"/>) in <paramref name="bytes"/> from <paramref name="from"/> up to <paramref name="to"/>.</summary>
    internal static CumulativeSlots Section(byte[] bytes, int from, int to) => from < to ? new CumulativeSlots(bytes, from, to) : default;

    /// <summary>Whether any slot holds more than the same slot of <paramref name="later"/> (absent = 0).</summary>
    public bool AnyAbove(IReadOnlyList<ulong> later)
    {
        for (int at = _from, i = -1; at < _to;)
        {
            i += 1 + (int)Varint.Read(_bytes!, ref at);
            ulong count = Varint.Read(_bytes!, ref at);
            if (count > (i < later.Count ? later[i] : 0))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Walks the slots in increasing index order, as a merge with a later reading does.</summary>
    public Cursor Walk() => new(_bytes, _from, _to);

    /// <summary>Reads slot counts at increasing indices without allocating.</summary>
    public ref struct Cursor
    {
        private readonly byte[]? _bytes;
        private readonly int _to;
        private int _at;
        private long _slot = -1; // the last slot read, whose count is _count
        private ulong _count;

        internal Cursor(byte[]? bytes, int from, int to)
        {
            (_bytes, _at, _to) = (bytes, from, to);
        }

        /// <summary>The count at <paramref name="index"/>; indices must not decrease between calls.</summary>
        public ulong At(int index)
        {
            while (_slot < index && _at < _to)
            {
                _slot += 1 + (long)Varint.Read(_bytes!, ref _at);
                _count = Varint.Read(_bytes!, ref _at);
            }

            return _slot == index ? _count : 0;
        }
    }
}
