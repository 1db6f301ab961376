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
    public static double UpperEdgeSeconds(IReadOnlyList<long> slots, double p)
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
                return Math.Pow(2, i + 1) / 1e6;
            }
        }

        return Math.Pow(2, slots.Count) / 1e6;
    }
}
