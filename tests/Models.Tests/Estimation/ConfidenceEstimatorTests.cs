using KernelTruth.Models.Estimation;

namespace KernelTruth.Models.Tests.Estimation;

public class ConfidenceEstimatorTests
{
    // Upper bound multiplier (1 + 1/d): VPA's recommender.go comments "12h ×3, 24h ×2, 1 week ×1.14".
    [Theory]
    [InlineData(0.5, 3.0)]
    [InlineData(1.0, 2.0)]
    [InlineData(7.0, 1.142857)]
    public void Multiplier_UpperBound_MatchesVpaComments(double days, double expected) =>
        Assert.Equal(expected, ConfidenceEstimator.Multiplier(1.0, 1.0, days), 6);

    // Lower bound multiplier (1 + 0.001/d)^−2 against "5m ×0.6, 30m ×0.9, 60m ×0.95": the comments round,
    // the formula gives 5 min: (1 + 0.001/0.003472)^−2 = 1.288^−2 = 0.6028; 30 min: 1.048^−2 = 0.9105;
    // 60 min: 1.024^−2 = 0.9537.
    [Theory]
    [InlineData(5, 0.6, 0.6028)]
    [InlineData(30, 0.9, 0.9105)]
    [InlineData(60, 0.95, 0.9537)]
    public void Multiplier_LowerBound_MatchesVpaCommentsWithinTheirRounding(int minutes, double published, double exact)
    {
        double m = ConfidenceEstimator.Multiplier(0.001, -2.0, minutes / 1440.0);

        Assert.Equal(exact, m, 4);
        Assert.Equal(published, m, 0.011);
    }

    [Fact]
    public void Multiplier_NoHistory_IsInfiniteUpperAndZeroLower()
    {
        Assert.True(double.IsPositiveInfinity(ConfidenceEstimator.Multiplier(1.0, 1.0, 0)));
        Assert.Equal(0.0, ConfidenceEstimator.Multiplier(0.001, -2.0, 0));
    }

    [Fact]
    public void Estimate_VpaAmounts_TruncatesEveryStep()
    {
        var source = new ConstantSource(0.110266);
        var target = new MarginEstimator(new PercentileEstimator(0.9, Amounts.VpaResourceAmount, 1000.0), 0.15, Amounts.VpaResourceAmount);
        var upper = new ConfidenceEstimator(target, 1.0, 1.0, Amounts.VpaResourceAmount);

        // trunc(110.266) = 110; 110 + trunc(16.5) = 126; upper at 12 h: trunc(126·3) = 378.
        Assert.Equal(126, target.Estimate(source, 0.5));
        Assert.Equal(378, upper.Estimate(source, 0.5));
        // No history: 126·∞ caps at VPA's MaxResourceAmount 1e14.
        Assert.Equal(1e14, upper.Estimate(source, 0));
    }

    [Fact]
    public void Estimate_ExactAmountsOfZero_StaysZeroWithoutHistory()
    {
        var lower = new ConfidenceEstimator(new PercentileEstimator(0.5, Amounts.Exact), 1.0, 1.0, Amounts.Exact);

        // 0·∞ would be NaN; an empty distribution estimates 0.
        Assert.Equal(0.0, lower.Estimate(new ConstantSource(0), 0));
    }

    [Fact]
    public void Clamp_AboveMaxAndBelowMin_StaysInRange()
    {
        var clamp = new ClampEstimator(new PercentileEstimator(0.9, Amounts.Exact), 0.5, 2.0);

        Assert.Equal(2.0, clamp.Estimate(new ConstantSource(3.2), 1));
        Assert.Equal(0.5, clamp.Estimate(new ConstantSource(0.1), 1));
        Assert.Equal(1.0, clamp.Estimate(new ConstantSource(1.0), 1));
    }

    private sealed class ConstantSource(double value) : IQuantileSource
    {
        public double Quantile(double percentile) => value;
    }
}
