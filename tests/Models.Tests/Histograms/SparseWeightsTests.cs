using KernelTruth.Models.Histograms;

namespace KernelTruth.Models.Tests.Histograms;

public class SparseWeightsTests
{
    [Fact]
    public void RetainedBytes_ThreeBuckets_OneArrayOfTwelveBytePairs()
    {
        var weights = new SparseWeights();
        weights.Add(7, 1.0, 64);
        weights.Add(3, 2.0, 64);
        weights.Add(900, 0.5, 64);
        weights.Add(7, 1.0, 64); // an existing bucket: no new entry

        // One array header (24 bytes) + 3 pairs × (4-byte bucket + 8-byte weight) = 24 + 36 = 60 bytes;
        // two arrays (int[] + double[]) held 2 × 24 + 3 × 4 + 3 × 8 = 84.
        Assert.Equal(3, weights.Count);
        Assert.Equal(60, weights.RetainedBytes);
    }

    [Fact]
    public void RetainedBytes_Empty_Zero()
    {
        // The empty array is shared by every empty histogram: nothing of its own.
        Assert.Equal(0, new SparseWeights().RetainedBytes);
    }

    [Fact]
    public void AddSubtractScale_RandomSequence_MatchesASortedMapBitForBit()
    {
        // A reference with the same arithmetic in the same order (+= on add, −= of at most what a bucket holds,
        // ×= on scale, a bucket under epsilon dropped with its dust taken out of the total), held in a sorted map:
        // the pairs' layout must change nothing, so buckets, weights and total agree exactly.
        const double Epsilon = 1e-3;
        var random = new Random(7);
        var weights = new SparseWeights();
        var reference = new SortedDictionary<int, double>();
        double total = 0;
        for (int step = 0; step < 5_000; step++)
        {
            int bucket = random.Next(200);
            double w = random.NextDouble() * 3;
            switch (random.Next(10))
            {
                case < 6:
                    weights.Add(bucket, w, int.MaxValue);
                    reference[bucket] = reference.GetValueOrDefault(bucket) + w;
                    total += w;
                    break;
                case < 9:
                    weights.Subtract(bucket, w, Epsilon);
                    if (reference.TryGetValue(bucket, out double held))
                    {
                        double removed = Math.Min(w, held);
                        total -= removed;
                        reference[bucket] = held - removed;
                        if (held - removed < Epsilon)
                        {
                            total -= held - removed;
                            reference.Remove(bucket);
                        }
                    }

                    break;
                default:
                    double factor = 0.5 + random.NextDouble();
                    weights.Scale(factor, Epsilon);
                    total *= factor;
                    foreach (int b in reference.Keys.ToArray())
                    {
                        reference[b] *= factor;
                    }

                    foreach (int b in reference.Keys.Reverse().ToArray())
                    {
                        if (reference[b] < Epsilon)
                        {
                            total -= reference[b];
                            reference.Remove(b);
                        }
                    }

                    break;
            }
        }

        var (buckets, exported) = weights.Export();
        Assert.Equal(reference.Keys, buckets);
        Assert.Equal(reference.Values, exported);
        Assert.Equal(total, weights.Total);
        Assert.True(buckets.Length > 50, $"the sequence should leave many buckets ({buckets.Length})");
    }

    [Fact]
    public void Import_ExportedPairs_RoundTripsExactly()
    {
        var weights = new SparseWeights();
        weights.Import([2, 5, 40], [0.25, 1.5, 3.0], 4.75, 64);

        var (buckets, exported) = weights.Export();
        Assert.Equal([2, 5, 40], buckets);
        Assert.Equal([0.25, 1.5, 3.0], exported);
        Assert.Equal(4.75, weights.Total);
        Assert.Equal(1.5, weights.WeightAt(1));
        Assert.Equal(40, weights.BucketAt(2));
    }
}
