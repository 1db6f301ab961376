using KernelTruth.Models.Baseline;
using KernelTruth.Models.Demand;
using KernelTruth.Models.Histograms;
using KernelTruth.Models.Memory;
using KernelTruth.Models.Tests.Fakes;

namespace KernelTruth.Models.Tests.Histograms;

/// <summary>Bucket indices in 16 and 24 bits: every shape held that way fits, and nothing can wrap past it.</summary>
public class BucketIndexTests
{
    [Fact]
    public void BucketCount_EveryShapeHeldInNarrowEntries_FitsItsBits()
    {
        // The shapes whose histograms hold ExactWeight16 (VPA CPU, VPA memory peaks, our memory peaks) or CompactWeight16
        // (the wait slots), at the defaults and at other options: ceil(ln(1000·0.05/0.01 + 1)/ln 1.05) + 1 = 176 for
        // VPA's CPU and memory, ceil(ln(1e12·0.01/2^20 + 1)/ln 1.01) + 1 = 922 for our peaks, 27 wait slots.
        var other = new ModelShapes(new ModelOptions { MemoryHalfLife = TimeSpan.FromHours(1), WaitHalfLife = TimeSpan.FromMinutes(5), DemandMaxEntries = 8 });
        HistogramShape[] in16 = [VpaDefaults.CpuShape, VpaDefaults.MemoryShape.Histogram, ModelShapes.Default.Memory.Histogram, ModelShapes.Default.Waits, other.Memory.Histogram, other.Waits];

        Assert.Equal([176, 176, 922, 27, 922, 27], in16.Select(s => s.BucketCount));
        Assert.All(in16, s => Assert.True(s.BucketCount <= BucketIndex.Limit16, $"{s.Scheme.Name}: {s.BucketCount} buckets"));

        // The per-period and per-minute demand (CompactWeight24): 1000 per core up to 1000 cores, + bucket 0. Past 16 bits, inside 24.
        HistogramShape[] in24 = [ModelShapes.Default.Demand, ModelShapes.Default.MinuteDemand, other.Demand, other.MinuteDemand];
        Assert.All(in24, s => Assert.Equal(1_000_001, s.BucketCount));
        Assert.All(in24, s => Assert.True(s.BucketCount > BucketIndex.Limit16 && s.BucketCount <= BucketIndex.Limit24));
    }

    [Fact]
    public void Create_IndexPastItsBits_ThrowsInsteadOfWrapping()
    {
        Assert.Equal(65_535, ExactWeight16.Create(65_535, 1.0).Bucket);
        Assert.Equal(65_535, CompactWeight16.Create(65_535, 1.0).Bucket);
        Assert.Equal(16_777_215, CompactWeight24.Create(16_777_215, 1.0).Bucket);

        // 65 536 in a ushort would be bucket 0, 2^24 in three bytes bucket 0, -1 the last bucket.
        Assert.Throws<ArgumentOutOfRangeException>(() => ExactWeight16.Create(65_536, 1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => CompactWeight16.Create(65_536, 1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => CompactWeight24.Create(16_777_216, 1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ExactWeight16.Create(-1, 1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => CompactWeight24.Create(-1, 1.0));
    }

    [Fact]
    public void AddSample_ShapeWithMoreBucketsThanTheIndexHolds_RefusedOnFirstUse()
    {
        // The demand grid's 1 000 001 buckets in 16-bit entries: refused at the first sample, though 0.3 core is only
        // bucket 300, so a value that would wrap need never arrive for the mistake to show. The same shape in 24-bit
        // entries is what the per-minute demand uses.
        var shape = new HistogramShape(DemandModel.Grid, TimeSpan.FromHours(24), 0.0, 64);
        var narrow = new DecayingWeights<CompactWeight16>();

        var error = Assert.Throws<ArgumentException>(() => narrow.AddSample(shape, 0.3, 1.0, Intervals.T0));

        Assert.Contains("1000001", error.Message);
        Assert.True(narrow.IsEmpty);
        var fits = new DecayingWeights<CompactWeight24>();
        fits.AddSample(shape, 0.3, 1.0, Intervals.T0);
        Assert.Equal(300, fits.BucketAt(0));

        // A microcore grid (10^6 per core up to 1000 cores: 10^9 + 1 buckets) is past 24 bits too.
        var finer = new HistogramShape(new LinearBuckets(1_000_000, 1000), TimeSpan.FromHours(24), 0.0, 64);
        var wide = new DecayingWeights<CompactWeight24>();
        Assert.Throws<ArgumentException>(() => wide.AddSample(finer, 0.3, 1.0, Intervals.T0));
    }

    [Fact]
    public void Import_BucketPastTheIndex_InvalidDataNotWrapped()
    {
        var in16 = new SparseWeights<ExactWeight16>();
        var in24 = new SparseWeights<CompactWeight24>();

        var error = Assert.Throws<InvalidDataException>(() => in16.Import([5, 70_000], [1.0, 2.0], 3.0, 64));

        Assert.Contains("70000", error.Message);
        Assert.Equal(0, in16.Count);
        Assert.Throws<InvalidDataException>(() => in16.Import([-1, 5], [1.0, 2.0], 3.0, 64));
        Assert.Throws<InvalidDataException>(() => in24.Import([5, 16_777_216], [1.0, 2.0], 3.0, 64));
        in24.Import([5, 16_777_215], [1.0, 2.0], 3.0, 64);
        Assert.Equal(16_777_215, in24.BucketAt(1));
    }

    [Fact]
    public void Restore_BucketPastTheSchemesEnd_InvalidDataLastBucketLoads()
    {
        // VPA's CPU scheme has 176 buckets (0–175), the demand grid 1 000 001 (0–1 000 000): one past the end fits the
        // entries' 16 or 24 bits but has no bucket start, so the restore refuses it.
        var cpu = new DecayingWeights<ExactWeight16>();
        cpu.AddSample(VpaDefaults.CpuShape, 0.5, 1.0, Intervals.T0);
        var state = cpu.ToState(VpaDefaults.CpuShape);

        var error = Assert.Throws<InvalidDataException>(() => new DecayingWeights<ExactWeight16>().Restore(VpaDefaults.CpuShape, state with { Buckets = [176] }));
        new DecayingWeights<ExactWeight16>().Restore(VpaDefaults.CpuShape, state with { Buckets = [175] });

        Assert.Contains("bucket 176", error.Message);
        var demand = new DemandModel();
        var exact = demand.ToExactState() with { Buckets = [1_000_001], Weights = [1.0], TotalWeight = 1.0 };
        Assert.Throws<InvalidDataException>(() => demand.Restore(ModelShapes.Default.Demand, exact, demand.CensoredState));
        demand.Restore(ModelShapes.Default.Demand, exact with { Buckets = [1_000_000] }, demand.CensoredState);
    }

    [Fact]
    public void AddSample_LastBucketOfEachNarrowShape_CheckpointsAsItsIntIndex()
    {
        // The highest index each shape can hold comes back out of a checkpoint as the same int: values past each
        // scheme's end land in its last bucket, 2 TB in our peaks' 921 (1 TB itself is 920: ln(9 537.7)/ln 1.01 = 920.9),
        // 2000 cores in VPA's CPU 175 and in the demand grid's 1 000 000, a wait of 134.3 s (2^27 µs) in the last slot, 26.
        var peaks = new DailyPeaks();
        peaks.AddSample(ModelShapes.Default.Memory, 2.0 * ModelDefaults.MaxMemoryBytes, Intervals.T0);
        var cpu = new DecayingWeights<ExactWeight16>();
        cpu.AddSample(VpaDefaults.CpuShape, 2000.0, 0.1, Intervals.T0);
        var waits = new DecayingWeights<CompactWeight16>();
        waits.AddSample(ModelShapes.Default.Waits, 134.3, 1.0, Intervals.T0);
        var minutes = new DecayingWeights<CompactWeight24>();
        minutes.AddSample(ModelShapes.Default.MinuteDemand, 2000.0, 1.0, Intervals.T0);

        Assert.Equal([921], peaks.ToState(ModelShapes.Default.Memory).Peaks.Buckets);
        Assert.Equal([175], cpu.ToState(VpaDefaults.CpuShape).Buckets);
        Assert.Equal([26], waits.ToState(ModelShapes.Default.Waits).Buckets);
        Assert.Equal([1_000_000], minutes.ToState(ModelShapes.Default.MinuteDemand).Buckets);
    }
}
