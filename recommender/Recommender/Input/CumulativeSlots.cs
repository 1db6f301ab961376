namespace KernelTruth.Recommender.Input;

/// <summary>
/// A histogram of cumulative counts kept only to subtract it from the next reading: the non-zero
/// slots, each packed as index (16 bits) and count (48 bits) in one ulong. A sensor's usage list
/// runs to about 180 slots at 20 ms periods, mostly zero; kept whole with its bounds it cost
/// 2.9 KB per cgroup, packed it costs 8 bytes per slot in use. 2^48 counts is 890 years of
/// 100 ms periods; a count beyond it (or an index beyond 65 535) keeps the list dense instead.
/// </summary>
public readonly struct CumulativeSlots
{
    private const int CountBits = 48;
    private const ulong CountMask = (1UL << CountBits) - 1;

    private readonly ulong[]? _packed;
    private readonly ulong[]? _dense;

    private CumulativeSlots(ulong[]? packed, ulong[]? dense)
    {
        _packed = packed;
        _dense = dense;
    }

    public static CumulativeSlots Of(IReadOnlyList<ulong> counts)
    {
        int used = 0;
        for (int i = 0; i < counts.Count; i++)
        {
            if (counts[i] > CountMask || (counts[i] != 0 && i > ushort.MaxValue))
            {
                return new CumulativeSlots(null, [.. counts]);
            }

            used += counts[i] != 0 ? 1 : 0;
        }

        if (used == 0)
        {
            return default;
        }

        var packed = new ulong[used];
        for (int i = 0, k = 0; i < counts.Count; i++)
        {
            if (counts[i] != 0)
            {
                packed[k++] = ((ulong)i << CountBits) | counts[i];
            }
        }

        return new CumulativeSlots(packed, null);
    }

    /// <summary>Whether any slot holds more than the same slot of <paramref name="later"/> (absent = 0).</summary>
    public bool AnyAbove(IReadOnlyList<ulong> later)
    {
        if (_dense is not null)
        {
            for (int i = 0; i < _dense.Length; i++)
            {
                if (_dense[i] > (i < later.Count ? later[i] : 0))
                {
                    return true;
                }
            }

            return false;
        }

        foreach (ulong p in _packed ?? [])
        {
            int i = (int)(p >> CountBits);
            if ((p & CountMask) > (i < later.Count ? later[i] : 0))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Walks the slots in increasing index order, as a merge with a later reading does.</summary>
    public Cursor Walk() => new(_packed, _dense);

    /// <summary>Reads slot counts at increasing indices without allocating.</summary>
    public ref struct Cursor(ulong[]? packed, ulong[]? dense)
    {
        private int _next;

        /// <summary>The count at <paramref name="index"/>; indices must not decrease between calls.</summary>
        public ulong At(int index)
        {
            if (dense is not null)
            {
                return index < dense.Length ? dense[index] : 0;
            }

            if (packed is null)
            {
                return 0;
            }

            while (_next < packed.Length && (int)(packed[_next] >> CountBits) < index)
            {
                _next++;
            }

            return _next < packed.Length && (int)(packed[_next] >> CountBits) == index ? packed[_next] & CountMask : 0;
        }
    }
}
