using FsCheck;
using FsCheck.Fluent;
using KernelTruth.Models.Demand;
using KernelTruth.Models.Tests.Fakes;

namespace KernelTruth.Models.Tests.Demand;

/// <summary>The one-walk, millicore-grid quantiles the replay samples against the per-percentile answers.</summary>
public class DemandModelSweepTests
{
    /// <summary>The replay's own percentiles, (i + 0.5) / 1000, plus the ends of (0, 1) and repeats.</summary>
    private static readonly double[] Ascending = [1e-9, .. Enumerable.Range(0, 1000).Select(i => (i + 0.5) / 1000), 0.9995, 1 - 1e-9];

    [Fact]
    public void GridQuantilesAscending_AnyDemand_QuantileRoundedUpToTheMillicoreGrid()
    {
        // Two intervals an hour apart: decayed weights, and throttled ones add censored mass at up to two limits.
        // Exact values must come back with Quantile's very bits; a censored-tail answer x (bisected to 1e-9 core)
        // as the millicore at or above it: on the grid, ≥ x − 1e-9 and < x + 0.001 + 1e-9.
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
            demand.Add(Fakes.Demand.Shape, Generators.Interval(Intervals.T0, c.first, c.throttledFirst, c.excess / 1000.0, 1 << 20));
            demand.Add(Fakes.Demand.Shape, Generators.Interval(Intervals.T0.AddHours(1), c.second, c.throttledSecond, c.excess / 1000.0, 1 << 20));
            var swept = new double[Ascending.Length];
            demand.GridQuantilesAscending(Ascending, swept);
            for (int k = 0; k < Ascending.Length; k++)
            {
                DemandQuantile q = demand.Quantile(Ascending[k]);
                bool onGrid = Math.Abs((swept[k] * 1000) - Math.Round(swept[k] * 1000)) < 1e-6;
                bool exactSame = BitConverter.DoubleToInt64Bits(swept[k]) == BitConverter.DoubleToInt64Bits(q.Cores);
                bool roundedUp = swept[k] >= q.Cores - 1e-9 && swept[k] < q.Cores + 0.001 + 1e-9;
                if (!onGrid || !roundedUp || (demand.CensoredShare == 0 && !exactSame))
                {
                    return false;
                }
            }

            return true;
        }));
    }

    [Fact]
    public void GridQuantilesAscending_AllThrottled_TheMillicoreAtOrAboveEachTailQuantile()
    {
        // All 100 periods throttled at 0.2 with mean excess 0.1: demand uniform on [0.2, 0.4], so quantile p is
        // 0.2 + 0.2·p: p = 0.0005 ⇒ 0.2001 ⇒ 0.201; p = 0.5 ⇒ 0.3 ⇒ 0.300; p = 0.9995 ⇒ 0.3999 ⇒ 0.400.
        DemandModel demand = Fakes.Demand.Model();
        demand.Add(Fakes.Demand.Shape, Fakes.Demand.AllThrottled(Intervals.T0, limit: 0.2, meanExcess: 0.1));
        var swept = new double[3];

        demand.GridQuantilesAscending([0.0005, 0.5, 0.9995], swept);

        Assert.Equal(0.201, swept[0], 12);
        Assert.Equal(0.300, swept[1], 12);
        Assert.Equal(0.400, swept[2], 12);
    }

    [Fact]
    public void GridQuantilesAscending_Empty_GivesZeros()
    {
        DemandModel demand = Fakes.Demand.Model();
        var swept = new double[] { 1, 1 };

        demand.GridQuantilesAscending([0.5, 0.9], swept);

        Assert.Equal([0.0, 0.0], swept);
    }
}
