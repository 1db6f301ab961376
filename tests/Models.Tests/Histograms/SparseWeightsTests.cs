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

    [Fact]
    public void Import_96Pairs_HeapArrayIsEachEntrysBytesAPair()
    {
        // What the GC hands out, not what the entries claim: one array of 96 pairs is its 24-byte header + 96 × the
        // pair's size (all multiples of 8, so no rounding): ExactWeight 24 + 96·12 = 1 176 B, CompactWeight 24 + 96·8 =
        // 792 B; with a 16-bit bucket 24 + 96·10 = 984 B (double) and 24 + 96·6 = 600 B (float), with a 24-bit one
        // 24 + 96·7 = 696 B. A layout that lost its packing (a 16-byte double pair, an 8-byte float pair) shows here
        // as 1 560 or 792 B.
        Assert.Equal((1_176, 1_176), HeapBytesOf96Pairs<ExactWeight>());
        Assert.Equal((792, 792), HeapBytesOf96Pairs<CompactWeight>());
        Assert.Equal((984, 984), HeapBytesOf96Pairs<ExactWeight16>());
        Assert.Equal((600, 600), HeapBytesOf96Pairs<CompactWeight16>());
        Assert.Equal((696, 696), HeapBytesOf96Pairs<CompactWeight24>());
    }

    [Fact]
    public void AddSubtractScaleMerge_16And24BitBuckets_SameBitsAsIntBucketEntries()
    {
        // The narrow entries change only where the bucket index is kept: the same random history (adds, subtracts,
        // scales, merges under a 40-entry budget) must leave the same buckets, the same weight bits and the same total
        // bits as the int-indexed entries with the same weight type. Buckets reach 921 (our memory peaks' last) in
        // 16 bits, 998 371 (all three bytes used) in 24.
        var random = new Random(23);
        var exact = new SparseWeights<ExactWeight>();
        var narrowExact = new SparseWeights<ExactWeight16>();
        var compact = new SparseWeights<CompactWeight>();
        var narrowCompact = new SparseWeights<CompactWeight16>();
        var grid = new SparseWeights<CompactWeight>();
        var grid24 = new SparseWeights<CompactWeight24>();
        for (int step = 0; step < 5_000; step++)
        {
            int bucket = random.Next(922);
            double w = random.NextDouble() * 3;
            switch (random.Next(10))
            {
                case < 6:
                    exact.Add(bucket, w, 40);
                    narrowExact.Add(bucket, w, 40);
                    compact.Add(bucket, w, 40);
                    narrowCompact.Add(bucket, w, 40);
                    grid.Add((bucket * 1084) + 7, w, 40);
                    grid24.Add((bucket * 1084) + 7, w, 40);
                    break;
                case < 9:
                    exact.Subtract(bucket, w, 1e-3);
                    narrowExact.Subtract(bucket, w, 1e-3);
                    compact.Subtract(bucket, w, 1e-3);
                    narrowCompact.Subtract(bucket, w, 1e-3);
                    grid.Subtract((bucket * 1084) + 7, w, 1e-3);
                    grid24.Subtract((bucket * 1084) + 7, w, 1e-3);
                    break;
                default:
                    double factor = 0.5 + random.NextDouble();
                    exact.Scale(factor, 1e-3);
                    narrowExact.Scale(factor, 1e-3);
                    compact.Scale(factor, 1e-3);
                    narrowCompact.Scale(factor, 1e-3);
                    grid.Scale(factor, 1e-3);
                    grid24.Scale(factor, 1e-3);
                    break;
            }
        }

        Assert.Equal(40, exact.Count);
        Assert.Equal(Bits(exact.Export(), exact.Total), Bits(narrowExact.Export(), narrowExact.Total));
        Assert.Equal(Bits(compact.Export(), compact.Total), Bits(narrowCompact.Export(), narrowCompact.Total));
        Assert.Equal(Bits(grid.Export(), grid.Total), Bits(grid24.Export(), grid24.Total));
        Assert.Contains(grid24.Export().Buckets, b => b > 65_535);
    }

    private static (int Allocated, int Retained) HeapBytesOf96Pairs<TEntry>()
        where TEntry : struct, IWeightEntry<TEntry>
    {
        int[] buckets = Enumerable.Range(0, 96).Select(b => b * 9).ToArray();
        double[] weights = Enumerable.Repeat(0.5, 96).ToArray();
        var warm = new SparseWeights<TEntry>();
        warm.Import(buckets, weights, 48.0, 96); // JIT and type loading before the measurement

        var weightsHeld = new SparseWeights<TEntry>();
        long before = GC.GetAllocatedBytesForCurrentThread();
        weightsHeld.Import(buckets, weights, 48.0, 96);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(buckets, weightsHeld.Export().Buckets);
        return ((int)allocated, weightsHeld.RetainedBytes);
    }

    private static string Bits((int[] Buckets, double[] Weights) exported, double total) =>
        string.Join(",", exported.Buckets) + "|" + string.Join(",", exported.Weights.Select(BitConverter.DoubleToInt64Bits)) + "|" + BitConverter.DoubleToInt64Bits(total);
}
