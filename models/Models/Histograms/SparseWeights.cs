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
/// </remarks>
// A mutable struct held in a field of its owner: one object fewer per histogram (the 2 KiB per
// container budget is mostly object headers). Never copy it; call methods on the field.
internal struct SparseWeights
{
    private int[] _buckets;
    private double[] _weights;
    private int _count;

    public SparseWeights()
    {
        _buckets = [];
        _weights = [];
    }

    public readonly int Count => _count;

    public double Total { get; private set; }

    public readonly int BucketAt(int i) => _buckets[i];

    public readonly double WeightAt(int i) => _weights[i];

    public void Add(int bucket, double weight, int maxEntries)
    {
        if (!(weight > 0))
        {
            return;
        }

        int i = Array.BinarySearch(_buckets, 0, _count, bucket);
        if (i >= 0)
        {
            _weights[i] += weight;
        }
        else
        {
            Insert(~i, bucket, weight);
        }

        Total += weight;
        if (_count > maxEntries)
        {
            MergeClosestPair();
            Array.Resize(ref _buckets, _count);
            Array.Resize(ref _weights, _count);
        }
    }

    /// <summary>Removes up to <paramref name="weight"/> from the bucket (never more than it holds), as VPA does.</summary>
    public void Subtract(int bucket, double weight, double epsilon)
    {
        int i = Array.BinarySearch(_buckets, 0, _count, bucket);
        if (i < 0 || !(weight > 0))
        {
            return;
        }

        double removed = Math.Min(weight, _weights[i]);
        _weights[i] -= removed;
        Total -= removed;
        if (_weights[i] < epsilon)
        {
            Total -= _weights[i];
            RemoveAt(i);
        }
    }

    public void Scale(double factor, double epsilon)
    {
        for (int i = 0; i < _count; i++)
        {
            _weights[i] *= factor;
        }

        Total *= factor;
        for (int i = _count - 1; i >= 0; i--)
        {
            if (_weights[i] < epsilon)
            {
                Total -= _weights[i];
                RemoveAt(i);
            }
        }
    }

    public readonly (int[] Buckets, double[] Weights) Export() => (_buckets[.._count], _weights[.._count]);

    public void Import(int[] buckets, double[] weights, double total, int maxEntries)
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

        _buckets = (int[])buckets.Clone();
        _weights = (double[])weights.Clone();
        _count = buckets.Length;
        Total = total;
    }

    /// <summary>Managed bytes held by the arrays (for the per-container memory budget).</summary>
    public readonly int RetainedBytes => (_buckets.Length * sizeof(int)) + (_weights.Length * sizeof(double));

    private void Insert(int at, int bucket, double weight)
    {
        // Grow by one: a new bucket is rare once a workload's range is known, and slack would cost
        // 12 bytes per unused entry in every histogram of every container.
        if (_count == _buckets.Length)
        {
            Array.Resize(ref _buckets, _count + 1);
            Array.Resize(ref _weights, _count + 1);
        }

        Array.Copy(_buckets, at, _buckets, at + 1, _count - at);
        Array.Copy(_weights, at, _weights, at + 1, _count - at);
        _buckets[at] = bucket;
        _weights[at] = weight;
        _count++;
    }

    private void RemoveAt(int at)
    {
        Array.Copy(_buckets, at + 1, _buckets, at, _count - at - 1);
        Array.Copy(_weights, at + 1, _weights, at, _count - at - 1);
        _count--;
    }

    private void MergeClosestPair()
    {
        int best = 0;
        double bestGap = double.MaxValue;
        for (int i = 0; i + 1 < _count; i++)
        {
            // Relative gap between neighbours: merging 300 into 301 costs less than 3 into 4.
            double gap = (double)(_buckets[i + 1] - _buckets[i]) / _buckets[i + 1];
            if (gap < bestGap)
            {
                bestGap = gap;
                best = i;
            }
        }

        _weights[best + 1] += _weights[best];
        RemoveAt(best);
    }
}
