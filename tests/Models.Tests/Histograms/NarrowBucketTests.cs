using KernelTruth.Models.Baseline;
using KernelTruth.Models.Demand;
using KernelTruth.Models.Histograms;
using KernelTruth.Models.Memory;
using KernelTruth.Models.Tests.Fakes;

namespace KernelTruth.Models.Tests.Histograms;

/// <summary>The 16-bit bucket of the narrow entries: every shape that uses it fits, and nothing can wrap past it.</summary>
public class NarrowBucketTests
{
    [Fact]
    public void BucketCount_EveryShapeHeldInNarrowEntries_FitsSixteenBits()
    {
        // The shapes whose histograms hold NarrowExactWeight (VPA CPU, VPA memory peaks, our memory peaks) or
        // NarrowCompactWeight (the wait slots), at their defaults and at options other than the defaults.
        // ceil(ln(1000·0.05/0.01 + 1)/ln 1.05) + 1 = 176 for VPA's CPU and memory; ceil(ln(1e12·0.01/2^20 + 1)/ln 1.01) + 1
        // = 922 for our peaks; 27 wait slots.
        var other = new ModelShapes(new ModelOptions { MemoryHalfLife = TimeSpan.FromHours(1), WaitHalfLife = TimeSpan.FromMinutes(5) });
        HistogramShape[] narrow = [VpaDefaults.CpuShape, VpaDefaults.MemoryShape.Histogram, ModelShapes.Default.Memory.Histogram, ModelShapes.Default.Waits, other.Memory.Histogram, other.Waits];

        Assert.Equal([176, 176, 922, 27, 922, 27], narrow.Select(s => s.BucketCount));
        Assert.All(narrow, s => Assert.True(s.BucketCount <= NarrowBucket.Limit, $"{s.Scheme.Name}: {s.BucketCount} buckets"));

        // The demand grid does not fit (it keeps int-indexed entries): 1000 per core up to 1000 cores, + bucket 0.
        Assert.Equal(1_000_001, ModelShapes.Default.Demand.BucketCount);
        Assert.True(ModelShapes.Default.Demand.BucketCount > NarrowBucket.Limit);
    }

    [Fact]
    public void From_IndexPastSixteenBits_ThrowsInsteadOfWrapping()
    {
        Assert.Equal(65_535, NarrowExactWeight.Create(65_535, 1.0).Bucket);
        Assert.Equal(65_535, NarrowCompactWeight.Create(65_535, 1.0).Bucket);

        // 65 536 as a ushort would be bucket 0, -1 would be 65 535.
        Assert.Throws<ArgumentOutOfRangeException>(() => NarrowExactWeight.Create(65_536, 1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => NarrowCompactWeight.Create(65_536, 1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => NarrowExactWeight.Create(-1, 1.0));
    }

    [Fact]
    public void AddSample_ShapeWithMoreBucketsThanSixteenBits_RefusedOnFirstUse()
    {
        // The demand grid's 1 000 001 buckets in narrow entries: refused at the first sample, though 0.3 core is only
        // bucket 300, so a value that would wrap need never arrive for the mistake to show.
        var shape = new HistogramShape(DemandModel.Grid, TimeSpan.FromHours(24), 0.0, 64);
        var weights = new DecayingWeights<NarrowCompactWeight>();

        var error = Assert.Throws<ArgumentException>(() => weights.AddSample(shape, 0.3, 1.0, Intervals.T0));

        Assert.Contains("1000001", error.Message);
        Assert.True(weights.IsEmpty);

        // The same shape in int-indexed entries is what the demand model uses.
        var wide = new DecayingWeights<CompactWeight>();
        wide.AddSample(shape, 0.3, 1.0, Intervals.T0);
        Assert.Equal(300, wide.BucketAt(0));
    }

    [Fact]
    public void Import_BucketPastSixteenBits_InvalidDataNotWrapped()
    {
        var weights = new SparseWeights<NarrowExactWeight>();

        var error = Assert.Throws<InvalidDataException>(() => weights.Import([5, 70_000], [1.0, 2.0], 3.0, 64));

        Assert.Contains("70000", error.Message);
        Assert.Equal(0, weights.Count);
        Assert.Throws<InvalidDataException>(() => weights.Import([-1, 5], [1.0, 2.0], 3.0, 64));
    }

    [Fact]
    public void AddSample_LastBucketOfEachNarrowShape_CheckpointsAsItsIntIndex()
    {
        // The highest index each narrow shape can hold comes back out of a checkpoint as the same int: values past each
        // scheme's end land in its last bucket, 2 TB in our peaks' 921 (1 TB itself is 920: ln(9 537.7)/ln 1.01 = 920.9),
        // 2000 cores in VPA's CPU 175, a wait of 134.3 s (2^27 µs) in the last slot, 26.
        var peaks = new DailyPeaks();
        peaks.AddSample(ModelShapes.Default.Memory, 2.0 * ModelDefaults.MaxMemoryBytes, Intervals.T0);
        var cpu = new DecayingWeights<NarrowExactWeight>();
        cpu.AddSample(VpaDefaults.CpuShape, 2000.0, 0.1, Intervals.T0);
        var waits = new DecayingWeights<NarrowCompactWeight>();
        waits.AddSample(ModelShapes.Default.Waits, 134.3, 1.0, Intervals.T0);

        Assert.Equal([921], peaks.ToState(ModelShapes.Default.Memory).Peaks.Buckets);
        Assert.Equal([175], cpu.ToState(VpaDefaults.CpuShape).Buckets);
        Assert.Equal([26], waits.ToState(ModelShapes.Default.Waits).Buckets);
    }
}
