namespace KernelTruth.Models.Histograms;

/// <summary>
/// Bucket weights kept only for buckets that hold weight, sorted by bucket index: a workload's
/// samples fill a few dozen of a scheme's buckets, and per-container memory is what limits how many
/// containers one recommender holds (target ≤ 2 KiB each).
/// </summary>
/// <remarks>
/// The total is kept incrementally, as VPA's histogram keeps it (+= on add, −= on subtract, ×= on
/// scale), so sums come out bit-for-bit in the same order. A bucket whose weight falls below
/// epsilon on subtract or scale is dropped; VPA keeps such dust in its total, which differs only for
/// samples about 10 half-lives older than the reference.
/// When a new bucket would exceed <c>maxEntries</c> (passed in, with epsilon, by the owner's shared <see cref="HistogramShape"/>), the two neighbours closest in relative terms
/// are merged into the upper one: resolution is lost, but weight only ever moves up, so no
/// percentile read afterwards is lower than the truth.
/// With float entries (<see cref="CompactWeight"/> and its 16- and 24-bit-bucket forms) the total is instead the double sum of the stored (rounded) weights,
/// kept as each change's exact difference: a percentile then compares sums of the same numbers it divides, so
/// equal weights tie exactly as they do in double (87 of 174 equal periods are still exactly half).
/// </remarks>
// A mutable struct held in a field of its owner: one object fewer per histogram (the 2 KiB per
// container budget is mostly object headers). Never copy it; call methods on the field.
internal struct SparseWeights<TEntry>
    where TEntry : struct, IWeightEntry<TEntry>
{
    private const int ArrayHeaderBytes = 24;

    // One array of (bucket, weight) pairs instead of an int[] and a weight array: one array header
    // (24 bytes) fewer per histogram, seven histograms per model. It holds exactly the buckets with weight (it
    // grows and shrinks by one), so its length is the count: no count field, 8 bytes with padding per histogram.
    private TEntry[] _entries;

    public SparseWeights()
    {
        _entries = [];
    }

    public readonly int Count => _entries.Length;

    public double Total { get; private set; }

    public readonly int BucketAt(int i) => _entries[i].Bucket;

    public readonly double WeightAt(int i) => _entries[i].Weight;

    public void Add(int bucket, double weight, int maxEntries)
    {
        // A weight too small for a float (below 2^-149) would only leave a zero entry behind.
        if (!(weight > 0) || (!TEntry.IsExact && TEntry.Create(bucket, weight).Weight == 0))
        {
            return;
        }

        int i = IndexOf(bucket);
        double before = 0;
        if (i >= 0)
        {
            before = _entries[i].Weight;
            _entries[i].Weight = before + weight;
        }
        else
        {
            i = ~i;
            Insert(i, bucket, weight);
        }

        // Rounded entries: the difference of two floats is exact in double (they differ by < 2^29 in exponent).
        Total += TEntry.IsExact ? weight : _entries[i].Weight - before;
        if (Count > maxEntries)
        {
            MergeClosestPair();
        }
    }

    /// <summary>Removes up to <paramref name="weight"/> from the bucket (never more than it holds), as VPA does.</summary>
    public void Subtract(int bucket, double weight, double epsilon)
    {
        int i = IndexOf(bucket);
        if (i < 0 || !(weight > 0))
        {
            return;
        }

        double before = _entries[i].Weight;
        double removed = Math.Min(weight, before);
        _entries[i].Weight = before - removed;
        Total -= TEntry.IsExact ? removed : before - _entries[i].Weight;
        if (_entries[i].Weight < epsilon || (!TEntry.IsExact && _entries[i].Weight == 0))
        {
            Total -= _entries[i].Weight;
            RemoveAt(i);
        }
    }

    public void Scale(double factor, double epsilon)
    {
        for (int i = 0; i < Count; i++)
        {
            _entries[i].Weight *= factor;
        }

        if (TEntry.IsExact)
        {
            Total *= factor;
        }

        for (int i = Count - 1; i >= 0; i--)
        {
            if (_entries[i].Weight < epsilon || (!TEntry.IsExact && _entries[i].Weight == 0))
            {
                Total -= TEntry.IsExact ? _entries[i].Weight : 0;
                RemoveAt(i);
            }
        }

        if (!TEntry.IsExact)
        {
            Total = StoredSum();
        }
    }

    public readonly (int[] Buckets, double[] Weights) Export()
    {
        var buckets = new int[Count];
        var weights = new double[Count];
        for (int i = 0; i < Count; i++)
        {
            buckets[i] = _entries[i].Bucket;
            weights[i] = _entries[i].Weight;
        }

        return (buckets, weights);
    }

    /// <param name="bucketCount">
    /// The scheme's bucket count: a bucket past it is refused even where the entries could hold its index, since the
    /// scheme has no start for it and the first percentile would fail every loop instead of this restore once.
    /// </param>
    public void Import(int[] buckets, double[] weights, double total, int maxEntries, int bucketCount = int.MaxValue)
    {
        if (buckets.Length != weights.Length || buckets.Length > maxEntries)
        {
            throw new InvalidDataException($"histogram state has {buckets.Length} buckets and {weights.Length} weights; at most {maxEntries} matching pairs are allowed");
        }

        for (int i = 1; i < buckets.Length; i++)
        {
            if (buckets[i] <= buckets[i - 1])
            {
                throw new InvalidDataException("histogram state buckets must be strictly increasing");
            }
        }

        // Increasing, so the first and last bound them all: an index the entries cannot hold (a 16- or 24-bit entry's)
        // or the scheme does not have is refused here instead of wrapping or failing later.
        int limit = Math.Min(bucketCount, TEntry.BucketLimit);
        if (buckets.Length > 0 && (buckets[0] < 0 || buckets[^1] >= limit))
        {
            throw new InvalidDataException($"histogram state holds bucket {(buckets[0] < 0 ? buckets[0] : buckets[^1])}; buckets run from 0 to {limit - 1} here; discard the checkpoint and let the history rebuild");
        }

        var entries = buckets.Length == 0 ? [] : new TEntry[buckets.Length];
        bool rounded = false;
        for (int i = 0; i < buckets.Length; i++)
        {
            entries[i] = TEntry.Create(buckets[i], weights[i]);
            rounded |= entries[i].Weight != weights[i];
        }

        _entries = entries;

        // A checkpoint written with double weights loads rounded; its total then no longer sums them, so it is
        // summed again. One written with rounded weights keeps its total, bit for bit.
        Total = rounded ? StoredSum() : total;
    }

    /// <summary>
    /// The entries array, for an owner that is a struct to be known by (<see cref="Demand.DemandModel"/>): no other
    /// histogram holds it once it has an entry (the empty one is shared). Read-only: only its identity is used.
    /// </summary>
    public readonly object Identity => _entries;

    /// <summary>Managed bytes held by the entries' array, its 24-byte header included (for the per-container memory budget).</summary>
    public readonly int RetainedBytes => _entries.Length == 0 ? 0 : ArrayHeaderBytes + (_entries.Length * TEntry.Bytes);

    /// <summary>The entry's index, or the bitwise complement of where it would go (as <see cref="Array.BinarySearch(Array, object)"/>).</summary>
    private readonly int IndexOf(int bucket)
    {
        int low = 0;
        int high = Count - 1;
        while (low <= high)
        {
            int mid = low + ((high - low) >> 1);
            int at = _entries[mid].Bucket;
            if (at == bucket)
            {
                return mid;
            }

            if (at < bucket)
            {
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }

        return ~low;
    }

    private void Insert(int at, int bucket, double weight)
    {
        // Grow by one: a new bucket is rare once a workload's range is known, and slack would cost
        // 6 to 12 bytes per unused entry in every histogram of every container.
        var grown = new TEntry[Count + 1];
        Array.Copy(_entries, 0, grown, 0, at);
        grown[at] = TEntry.Create(bucket, weight);
        Array.Copy(_entries, at, grown, at + 1, Count - at);
        _entries = grown;
    }

    private void RemoveAt(int at)
    {
        // Shrink by one: a bucket empties rarely (a day's memory peak replaced, a weight decayed to nothing).
        if (Count == 1)
        {
            _entries = [];
            return;
        }

        var shrunk = new TEntry[Count - 1];
        Array.Copy(_entries, 0, shrunk, 0, at);
        Array.Copy(_entries, at + 1, shrunk, at, Count - at - 1);
        _entries = shrunk;
    }

    private void MergeClosestPair()
    {
        int best = 0;
        double bestGap = double.MaxValue;
        for (int i = 0; i + 1 < Count; i++)
        {
            // Relative gap between neighbours: merging 300 into 301 costs less than 3 into 4.
            double gap = (double)(_entries[i + 1].Bucket - _entries[i].Bucket) / _entries[i + 1].Bucket;
            if (gap < bestGap)
            {
                bestGap = gap;
                best = i;
            }
        }

        _entries[best + 1].Weight += _entries[best].Weight;
        RemoveAt(best);
        if (!TEntry.IsExact)
        {
            Total = StoredSum();
        }
    }

    private readonly double StoredSum()
    {
        double sum = 0;
        for (int i = 0; i < Count; i++)
        {
            sum += _entries[i].Weight;
        }

        return sum;
    }
}
