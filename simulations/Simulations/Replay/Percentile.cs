namespace KernelTruth.Simulations.Replay;

/// <summary>Nearest-rank percentiles over counted periods where most values are zero.</summary>
internal static class Percentile
{
    /// <summary>
    /// The q-quantile over <paramref name="counted"/> values of which only <paramref name="nonZero"/>
    /// are above zero (the rest are 0). Nearest rank: the ⌈q·n⌉-th smallest. Example: 100 periods,
    /// 3 non-zero waits {5, 7, 9}: p99 is rank 99 = the 2nd non-zero = 7; p50 is rank 50 = 0.
    /// Reorders <paramref name="nonZero"/> in place: the rank is found by selection (quickselect, O(n)) rather
    /// than a full sort, since a replay asks for two ranks of up to 1 000 waits every time it runs.
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

        return Select(nonZero, (int)Math.Min(rank - zeros - 1, nonZero.Length - 1));
    }

    /// <summary>The k-th smallest value (0-based): what nonZero.Sort() would put at k, by Hoare partitioning around a median of three.</summary>
    internal static double Select(Span<double> values, int k)
    {
        int lo = 0;
        int hi = values.Length - 1;
        while (lo < hi)
        {
            int mid = lo + ((hi - lo) / 2);
            if (values[mid] < values[lo])
            {
                (values[mid], values[lo]) = (values[lo], values[mid]);
            }

            if (values[hi] < values[lo])
            {
                (values[hi], values[lo]) = (values[lo], values[hi]);
            }

            if (values[hi] < values[mid])
            {
                (values[hi], values[mid]) = (values[mid], values[hi]);
            }

            double pivot = values[mid];
            int i = lo;
            int j = hi;
            while (i <= j)
            {
                while (values[i] < pivot)
                {
                    i++;
                }

                while (values[j] > pivot)
                {
                    j--;
                }

                if (i <= j)
                {
                    (values[i], values[j]) = (values[j], values[i]);
                    i++;
                    j--;
                }
            }

            if (k <= j)
            {
                hi = j;
            }
            else if (k >= i)
            {
                lo = i;
            }
            else
            {
                return values[k];
            }
        }

        return values[k];
    }
}
