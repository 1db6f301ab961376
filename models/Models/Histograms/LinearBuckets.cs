using System.Globalization;

namespace KernelTruth.Models.Histograms;

/// <summary>
/// Upper-closed linear buckets: bucket k holds ((k − 1)/n, k/n] for n buckets per unit, bucket 0
/// holds exactly 0. A value is counted at the next grid point at or above it, so the bucket's
/// upper edge k/n is never below any value it holds.
/// </summary>
/// <remarks>
/// Worked example, the demand grid (n = 1000 per core, i.e. millicores): 0.3 core ⇒ bucket 300,
/// upper edge 0.300; 0.3001 ⇒ bucket 301, upper edge 0.301. A tolerance of 1e-6 of a step absorbs
/// float noise (0.29/0.001 = 290.00000000000006 still lands in bucket 290).
/// Held sparsely (see <see cref="SparseWeights"/>): a million buckets cost nothing until used.
/// </remarks>
internal sealed class LinearBuckets : IBucketScheme
{
    private const double EdgeTolerance = 1e-6;
    private readonly double _perUnit;

    public LinearBuckets(double bucketsPerUnit, double maxValue)
    {
        if (!(bucketsPerUnit > 0) || !(maxValue > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(bucketsPerUnit), "need bucketsPerUnit > 0 and maxValue > 0");
        }

        _perUnit = bucketsPerUnit;
        BucketCount = checked((int)Math.Ceiling(maxValue * bucketsPerUnit)) + 1;
        Name = string.Create(CultureInfo.InvariantCulture, $"lin:{bucketsPerUnit:R}:{maxValue:R}");
    }

    public int BucketCount { get; }

    public string Name { get; }

    public int FindBucket(double value)
    {
        if (!(value > 0))
        {
            return 0;
        }

        double scaled = Math.Ceiling(value * _perUnit - EdgeTolerance);
        return scaled >= BucketCount - 1 ? BucketCount - 1 : (int)Math.Max(scaled, 0);
    }

    public double BucketStart(int bucket) => bucket <= 0 ? 0.0 : (bucket - 1) / _perUnit;

    public double BucketEnd(int bucket) => bucket / _perUnit;
}
