namespace KernelTruth.Recommender.Logic;

/// <summary>Percentiles of the sensor's log2 µs wait histograms (slot i = [2^i, 2^(i+1)) µs).</summary>
public static class Log2Percentile
{
    /// <summary>
    /// Upper edge, in seconds, of the slot where the cumulative count reaches p: an upper bound of
    /// the true percentile, at most 2× above it. 0 when there were no waits.
    /// Example: 100 waits, 98 in slot 5 (32–64 µs) and 2 in slot 14 (16–33 ms): p99 falls in slot
    /// 14 → 0.032768 s.
    /// </summary>
    public static double UpperEdgeSeconds(IReadOnlyList<long> slots, double p) => EdgeSeconds(UpperEdge(slots, p));

    /// <summary>
    /// The same upper edge as a power of two of µs: 2^e µs, 0 when there were no waits. Example above: 15 (2^15 µs =
    /// 0.032768 s). Beyond 1 024 every edge is +∞ seconds in a double, so e is at most 1 024: a ushort keeps it.
    /// </summary>
    public static int UpperEdge(IReadOnlyList<long> slots, double p)
    {
        long total = 0;
        foreach (long n in slots)
        {
            total += n;
        }

        if (total == 0)
        {
            return 0;
        }

        double target = p * total;
        long cumulative = 0;
        for (int i = 0; i < slots.Count; i++)
        {
            cumulative += slots[i];
            if (cumulative >= target)
            {
                return Math.Min(i + 1, MaxEdge);
            }
        }

        return Math.Min(slots.Count, MaxEdge);
    }

    /// <summary>2^<paramref name="edge"/> µs in seconds; 0 for edge 0 (no waits).</summary>
    public static double EdgeSeconds(int edge) => edge == 0 ? 0 : Math.Pow(2, edge) / 1e6;

    private const int MaxEdge = 1024; // Math.Pow(2, 1024) = +∞, as is every power above it
}
