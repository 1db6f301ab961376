namespace KernelTruth.Simulations.Replay;

/// <summary>Nearest-rank percentiles over counted periods where most values are zero.</summary>
internal static class Percentile
{
    /// <summary>
    /// The q-quantile over <paramref name="counted"/> values of which only <paramref name="nonZero"/>
    /// are above zero (the rest are 0). Nearest rank: the ⌈q·n⌉-th smallest. Example: 100 periods,
    /// 3 non-zero waits {5, 7, 9}: p99 is rank 99 = the 2nd non-zero = 7; p50 is rank 50 = 0.
    /// Sorts <paramref name="nonZero"/> in place.
    /// </summary>
    public static double OverCounted(Span<double> nonZero, long counted, double q)
    {
        if (counted == 0 || nonZero.Length == 0)
        {
            return 0;
        }

        long rank = Math.Max(1, (long)Math.Ceiling(q * counted));
        long zeros = counted - nonZero.Length;
        if (rank <= zeros)
        {
            return 0;
        }

        nonZero.Sort();
        return nonZero[(int)Math.Min(rank - zeros - 1, nonZero.Length - 1)];
    }
}
