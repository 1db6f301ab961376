using KernelTruth.NodeSensor.Prometheus;

namespace KernelTruth.NodeSensor.Tests.Prometheus;

public sealed class MetricFamilyTests
{
    [Theory]
    [InlineData(new[] { 2.0, 1.0 })]
    [InlineData(new[] { 1.0, 1.0 })]
    [InlineData(new[] { 1.0, double.PositiveInfinity })]
    [InlineData(new[] { double.NaN })]
    public void HistogramSample_BoundsNotStrictlyIncreasingFinite_Throws(double[] bounds)
    {
        var counts = new ulong[bounds.Length + 1];

        Assert.Throws<ArgumentException>(() => new HistogramSample(LabelSet.Empty, bounds, counts, 0));
    }

    [Fact]
    public void HistogramSample_CountsNotOneMoreThanBounds_Throws()
    {
        Assert.Throws<ArgumentException>(() => new HistogramSample(LabelSet.Empty, [1, 2], [1, 2], 0));
    }

    [Fact]
    public void HistogramSample_LeLabel_Throws()
    {
        Assert.Throws<ArgumentException>(() => new HistogramSample(LabelSet.Of(("le", "1")), [], [1], 0));
    }

    [Fact]
    public void HistogramSample_PerBucketCounts_CountIsTheirSum()
    {
        var sample = new HistogramSample(LabelSet.Empty, [1, 2], [4, 0, 3], 9);

        Assert.Equal(7UL, sample.Count); // 4 + 0 + 3
    }

    [Theory]
    [InlineData("")]
    [InlineData("1x")]
    [InlineData("a.b")]
    public void Gauge_InvalidName_Throws(string name)
    {
        Assert.Throws<ArgumentException>(() => MetricFamily.Gauge(name, "", []));
    }

    [Fact]
    public void Gauge_SameLabelSetTwice_Throws()
    {
        MetricSample[] samples = [new(LabelSet.Of(("a", "1"), ("b", "2")), 1), new(LabelSet.Of(("b", "2"), ("a", "1")), 2)];

        Assert.Throws<ArgumentException>(() => MetricFamily.Gauge("g", "", samples));
    }

    [Theory]
    [InlineData("__reserved")]
    [InlineData("a.b")]
    [InlineData("")]
    public void LabelSetOf_InvalidName_Throws(string name)
    {
        Assert.Throws<ArgumentException>(() => LabelSet.Of((name, "v")));
    }

    [Fact]
    public void LabelSetOf_NameTwice_Throws()
    {
        Assert.Throws<ArgumentException>(() => LabelSet.Of(("a", "1"), ("a", "2")));
    }

    [Fact]
    public void LabelSetOf_AnyOrder_EqualAndSortedByName()
    {
        var one = LabelSet.Of(("pod", "p"), ("container", "c"));
        var other = LabelSet.Of(("container", "c"), ("pod", "p"));

        Assert.Equal(one, other);
        Assert.Equal(one.GetHashCode(), other.GetHashCode());
        Assert.Equal(["container", "pod"], one.Labels.Select(l => l.Key));
    }
}
