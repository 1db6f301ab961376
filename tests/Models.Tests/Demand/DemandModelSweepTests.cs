using FsCheck;
using FsCheck.Fluent;
using KernelTruth.Models.Demand;
using KernelTruth.Models.Tests.Fakes;

namespace KernelTruth.Models.Tests.Demand;

/// <summary>The one-walk quantiles the replay samples against the per-percentile answers they replace.</summary>
public class DemandModelSweepTests
{
    /// <summary>The replay's own percentiles, (i + 0.5) / 1000, plus the ends of (0, 1) and repeats.</summary>
    private static readonly double[] Ascending = [1e-9, .. Enumerable.Range(0, 1000).Select(i => (i + 0.5) / 1000), 0.9995, 1 - 1e-9];

    [Fact]
    public void QuantilesAscending_AnyDemand_EqualsQuantileBitForBit()
    {
        // Two intervals an hour apart: decayed weights, and throttled ones add censored mass at up to two limits.
        var cases =
            from first in Generators.Pattern
            from second in Generators.Pattern
            from throttledFirst in Gen.Choose(0, 100)
            from throttledSecond in Gen.Choose(0, 100)
            from excess in Gen.Choose(0, 500)
            select (first, second, throttledFirst, throttledSecond, excess);

        Check.One(Properties.Config(), Prop.ForAll(cases.ToArbitrary(), c =>
        {
            DemandModel demand = Fakes.Demand.Model();
            demand.Add(Generators.Interval(Intervals.T0, c.first, c.throttledFirst, c.excess / 1000.0, 1 << 20));
            demand.Add(Generators.Interval(Intervals.T0.AddHours(1), c.second, c.throttledSecond, c.excess / 1000.0, 1 << 20));
            var swept = new double[Ascending.Length];
            demand.QuantilesAscending(Ascending, swept);
            for (int k = 0; k < Ascending.Length; k++)
            {
                if (BitConverter.DoubleToInt64Bits(swept[k]) != BitConverter.DoubleToInt64Bits(demand.Quantile(Ascending[k]).Cores))
                {
                    return false;
                }
            }

            return true;
        }));
    }

    [Fact]
    public void QuantilesAscending_ThrottledAndExact_EqualsQuantileAtTheReplaysPercentiles()
    {
        // 95 periods at 0.2 and 5 at 0.8 throttled at limit 0.8 with 20 ms mean excess: the upper tail is censored.
        DemandModel demand = Fakes.Demand.Model();
        demand.Add(Generators.Interval(Intervals.T0, [(0.2, 95), (0.8, 5)], 100, 0.02, 1 << 20));
        var swept = new double[Ascending.Length];

        demand.QuantilesAscending(Ascending, swept);

        Assert.True(demand.CensoredShare > 0);
        Assert.Equal(Ascending.Select(p => demand.Quantile(p).Cores), swept);
    }

    [Fact]
    public void QuantilesAscending_Empty_GivesZeros()
    {
        DemandModel demand = Fakes.Demand.Model();
        var swept = new double[] { 1, 1 };

        demand.QuantilesAscending([0.5, 0.9], swept);

        Assert.Equal([0.0, 0.0], swept);
    }
}
