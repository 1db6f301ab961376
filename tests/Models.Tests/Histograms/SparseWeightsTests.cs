using KernelTruth.Models.Histograms;

namespace KernelTruth.Models.Tests.Histograms;

public class SparseWeightsTests
{
    [Fact]
    public void RetainedBytes_ThreeBuckets_OneArrayOfTwelveBytePairs()
    {
        var weights = new SparseWeights<ExactWeight>();
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
    public void RetainedBytes_BucketSubtractedAway_ArrayShrinksToTheRest()
    {
        var weights = new SparseWeights<ExactWeight>();
        weights.Add(3, 1.0, 64);
        weights.Add(7, 1.0, 64);
        weights.Add(9, 1.0, 64);

        weights.Subtract(7, 1.0, 1e-4);

        // The array holds exactly the two buckets left, no spare slot: 24 + 2 × 12 = 48 bytes, and its length is the count.
        Assert.Equal(2, weights.Count);
        Assert.Equal(48, weights.RetainedBytes);
        Assert.Equal([3, 9], [weights.BucketAt(0), weights.BucketAt(1)]);
        Assert.Equal(2.0, weights.Total);

        weights.Subtract(3, 1.0, 1e-4);
        weights.Subtract(9, 1.0, 1e-4);

        Assert.Equal(0, weights.Count);
        Assert.Equal(0, weights.RetainedBytes);
    }

    [Fact]
    public void RetainedBytes_Empty_Zero()
    {
        // The empty array is shared by every empty histogram: nothing of its own.
        Assert.Equal(0, new SparseWeights<ExactWeight>().RetainedBytes);
    }

    [Fact]
    public void AddSubtractScale_RandomSequence_MatchesASortedMapBitForBit()
    {
        // A reference with the same arithmetic in the same order (+= on add, −= of at most what a bucket holds,
        // ×= on scale, a bucket under epsilon dropped with its dust taken out of the total), held in a sorted map:
        // the pairs' layout must change nothing, so buckets, weights and total agree exactly.
        const double Epsilon = 1e-3;
        var random = new Random(7);
        var weights = new SparseWeights<ExactWeight>();
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
        var weights = new SparseWeights<ExactWeight>();
        weights.Import([2, 5, 40], [0.25, 1.5, 3.0], 4.75, 64);

        var (buckets, exported) = weights.Export();
        Assert.Equal([2, 5, 40], buckets);
        Assert.Equal([0.25, 1.5, 3.0], exported);
        Assert.Equal(4.75, weights.Total);
        Assert.Equal(1.5, weights.WeightAt(1));
        Assert.Equal(40, weights.BucketAt(2));
    }

    [Fact]
    public void RetainedBytes_CompactWeights_EightBytePairs()
    {
        var weights = new SparseWeights<CompactWeight>();
        weights.Add(7, 1.0, 64);
        weights.Add(3, 2.0, 64);
        weights.Add(900, 0.5, 64);

        // One array header (24 bytes) + 3 pairs × (4-byte bucket + 4-byte float) = 24 + 24 = 48 bytes (60 with doubles).
        Assert.Equal(48, weights.RetainedBytes);
    }

    [Fact]
    public void AddSubtractScale_CompactWeights_TotalIsTheDoubleSumOfTheStoredFloats()
    {
        // The total must sum exactly what is stored (so percentile thresholds compare like with like), and every
        // stored weight must be within float rounding (2^-24 relative) of the same arithmetic in double.
        var random = new Random(11);
        var weights = new SparseWeights<CompactWeight>();
        var reference = new SortedDictionary<int, double>();
        for (int step = 0; step < 5_000; step++)
        {
            int bucket = random.Next(200);
            double w = random.NextDouble() * 3;
            if (random.Next(10) < 7)
            {
                weights.Add(bucket, w, int.MaxValue);
                reference[bucket] = reference.GetValueOrDefault(bucket) + w;
            }
            else
            {
                double factor = 0.5 + random.NextDouble();
                weights.Scale(factor, 0.0);
                foreach (int b in reference.Keys.ToArray())
                {
                    reference[b] *= factor;
                }
            }
        }

        var (buckets, exported) = weights.Export();
        Assert.Equal(reference.Keys, buckets);
        double stored = 0;
        for (int i = 0; i < exported.Length; i++)
        {
            stored += exported[i];
            Assert.Equal((float)exported[i], exported[i]);
            double relative = Math.Abs(exported[i] - reference[buckets[i]]) / reference[buckets[i]];
            Assert.True(relative < 1e-5, $"bucket {buckets[i]}: {exported[i]} vs {reference[buckets[i]]} ({relative:E2})");
        }

        Assert.Equal(stored, weights.Total, 1e-9 * stored);
    }

    [Fact]
    public void Import_DoubleWeightsIntoCompact_RoundsAndSumsTheTotalAgain()
    {
        // A format-2 checkpoint written before float weights: 0.1 is not a float, so the stored weight rounds to
        // 0.100000001490116 and the total is summed from what is held, not taken from the file.
        var weights = new SparseWeights<CompactWeight>();
        weights.Import([2, 5], [0.1, 0.2], 0.30000000000000004, 64);

        Assert.Equal((double)0.1f, weights.WeightAt(0));
        Assert.Equal((double)0.1f + (double)0.2f, weights.Total);
    }

    [Fact]
    public void Add_CompactWeightBelowFloatRange_LeavesNoEmptyEntry()
    {
        var weights = new SparseWeights<CompactWeight>();
        weights.Add(4, 1e-50, 64);

        Assert.Equal(0, weights.Count);
        Assert.Equal(0.0, weights.Total);
    }
}
