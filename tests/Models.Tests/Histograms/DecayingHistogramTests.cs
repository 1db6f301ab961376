using KernelTruth.Models.Baseline;
using KernelTruth.Models.Histograms;
using KernelTruth.Models.Tests.Fakes;

namespace KernelTruth.Models.Tests.Histograms;

public class DecayingHistogramTests
{
    private static readonly TimeSpan Day = TimeSpan.FromHours(24);

    private static DecayingHistogram<ExactWeight> Vpa() => new(VpaDefaults.CpuBuckets, Day, VpaDefaults.Epsilon, 176);

    [Fact]
    public void Percentile_TenEqualSamples_ReturnsBucketUpperEdge()
    {
        var h = Vpa();
        for (int i = 0; i < 10; i++)
        {
            h.AddSample(0.1, 0.1, Intervals.T0);
        }

        // All in bucket 8 [95.5 m, 110.3 m): VPA answers the upper edge 0.01·(1.05^9 − 1)/0.05 = 0.110266.
        Assert.Equal(0.110266, h.Percentile(0.9, PercentileMode.UpperEdge), 6);
        Assert.Equal(1.0, h.TotalWeight, 12);
        Assert.False(h.IsEmpty);
    }

    [Fact]
    public void AddSample_OneHalfLifeLater_WeighsTwice()
    {
        var h = Vpa();
        h.AddSample(0.1, 1.0, Intervals.T0);
        h.AddSample(1.0, 1.0, Intervals.T0 + Day);

        // Weights 1 and 2^(24 h/24 h) = 2: total 3, so p = 0.34 is past the old sample (1/3) and lands on 1.0 core.
        Assert.Equal(3.0, h.TotalWeight, 12);
        Assert.Equal(VpaDefaults.CpuBuckets.BucketEnd(VpaDefaults.CpuBuckets.FindBucket(1.0)), h.Percentile(0.34, PercentileMode.UpperEdge));
        Assert.Equal(VpaDefaults.CpuBuckets.BucketEnd(8), h.Percentile(0.33, PercentileMode.UpperEdge));
    }

    [Fact]
    public void AddSample_MoreThan100HalfLivesLater_RenormalisesWithoutChangingRatios()
    {
        var h = Vpa();
        h.AddSample(0.1, 1.0, Intervals.T0);
        h.AddSample(1.0, 1.0, Intervals.T0 + (Day * 101));

        // The reference moves to day 101: the old sample's weight becomes 2^−101 (≈ 4e−31, below
        // epsilon 1e−4, so dropped), the new one weighs 1; without renormalisation it would be 2^101.
        Assert.Equal(1.0, h.TotalWeight, 12);
        Assert.Equal(VpaDefaults.CpuBuckets.BucketEnd(36), h.Percentile(0.01, PercentileMode.UpperEdge));
    }

    [Fact]
    public void SubtractSample_RemovesWhatWasAdded_LeavesEmpty()
    {
        var h = Vpa();
        h.AddSample(0.5, 1.0, Intervals.T0);
        h.SubtractSample(0.5, 1.0, Intervals.T0);

        Assert.True(h.IsEmpty);
        Assert.Equal(0.0, h.TotalWeight, 12);
        Assert.Equal(0.0, h.Percentile(0.5, PercentileMode.UpperEdge));
    }

    [Fact]
    public void Merge_TwoHistogramsAtDifferentTimes_EqualsAddingIntoOne()
    {
        var a = Vpa();
        var b = Vpa();
        var both = Vpa();
        a.AddSample(0.2, 0.1, Intervals.T0);
        b.AddSample(0.8, 0.1, Intervals.T0 + (Day * 3));
        both.AddSample(0.2, 0.1, Intervals.T0);
        both.AddSample(0.8, 0.1, Intervals.T0 + (Day * 3));

        a.Merge(b);

        // Added into one: 0.1 at T0 and 0.1·2^3 = 0.8 (reference T0), total 0.9. Merged: a's reference
        // moves to b's (T0 + 3 d), so the same two weigh 0.1/8 and 0.1, total 0.1125 = 0.9/8.
        Assert.Equal(both.TotalWeight / 8, a.TotalWeight, 12);
        foreach (double p in new[] { 0.1, 0.12, 0.5, 0.9 })
        {
            Assert.Equal(both.Percentile(p, PercentileMode.UpperEdge), a.Percentile(p, PercentileMode.UpperEdge));
        }
    }

    [Fact]
    public void Percentile_Interpolated_IsLinearInsideTheBucket()
    {
        var h = new DecayingHistogram<ExactWeight>(Log2MicrosecondBuckets.Instance, Day, 0, 27);
        h.AddToBucket(3, 99, Intervals.T0);
        h.AddToBucket(13, 1, Intervals.T0);

        // p50: threshold 50 of 100, all 99 in [8, 16) µs: 8 + (50/99)·8 = 12.04 µs.
        Assert.Equal(12.0404e-6, h.Percentile(0.5, PercentileMode.Interpolated), 9);
        // p99.5: threshold 99.5, 0.5 of the 1 in [8.192, 16.384) ms: 12.288 ms.
        Assert.Equal(0.012288, h.Percentile(0.995, PercentileMode.Interpolated), 9);
    }

    [Fact]
    public void Restore_SavedState_AnswersBitForBit()
    {
        var h = Vpa();
        for (int i = 0; i < 50; i++)
        {
            h.AddSample(0.05 + (i * 0.013), 0.1, Intervals.T0.AddMinutes(i * 37));
        }

        var copy = Vpa();
        copy.Restore(h.ToState());

        Assert.Equal(h.TotalWeight, copy.TotalWeight);
        for (double p = 0.05; p < 1; p += 0.05)
        {
            Assert.Equal(h.Percentile(p, PercentileMode.UpperEdge), copy.Percentile(p, PercentileMode.UpperEdge));
        }

        h.AddSample(3.0, 0.1, Intervals.T0.AddDays(200));
        copy.AddSample(3.0, 0.1, Intervals.T0.AddDays(200));
        Assert.Equal(h.TotalWeight, copy.TotalWeight);
    }

    [Fact]
    public void Restore_UnknownVersion_FailsSayingWhatToDo()
    {
        var state = Vpa().ToState() with { Version = 7 };

        var error = Assert.Throws<InvalidDataException>(() => Vpa().Restore(state));
        Assert.Contains("version 7 is not supported", error.Message, StringComparison.Ordinal);
        Assert.Contains("discard the checkpoint", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Restore_OtherBuckets_Fails()
    {
        var state = Vpa().ToState() with { Scheme = "exp:0.01:1.1:1000" };

        var error = Assert.Throws<InvalidDataException>(() => Vpa().Restore(state));
        Assert.Contains("exp:0.01:1.1:1000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SparseWeights_OverCapacity_MergesNeighboursUpward()
    {
        var w = new SparseWeights<ExactWeight>();
        w.Add(100, 1, maxEntries: 3);
        w.Add(300, 1, maxEntries: 3);
        w.Add(301, 1, maxEntries: 3);
        w.Add(1000, 1, maxEntries: 3);

        // Relative gaps: (300−100)/300 = 0.67, (301−300)/301 = 0.003, (1000−301)/1000 = 0.7 ⇒ 300 merges into 301.
        Assert.Equal(3, w.Count);
        Assert.Equal(301, w.BucketAt(1));
        Assert.Equal(2.0, w.WeightAt(1));
        Assert.Equal(4.0, w.Total);
    }
}
