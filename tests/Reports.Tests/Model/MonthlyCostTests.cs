using KernelTruth.Reports.Model;
using KernelTruth.Reports.Prediction;
using KernelTruth.Reports.Tests.Fakes;

namespace KernelTruth.Reports.Tests.Model;

public sealed class MonthlyCostTests
{
    private static readonly PoolPrice OpenCost = new(PriceDefaults.CpuCoreHour, PriceDefaults.MemoryGibHour);

    [Fact]
    public void Of_HalfCoreAtOpenCostPrices_Is11Dollars538()
    {
        // 0.5 core × $0.031611/h × 730 h = $11.538015
        Assert.Equal(11.538015, MonthlyCost.Of(0.5, 0, 1, OpenCost, 730), 9);
    }

    [Fact]
    public void Of_HalfGibAtOpenCostPrices_Is1Dollar547()
    {
        // 512 MiB = 0.5 GiB × $0.004237/h × 730 h = $1.546505
        Assert.Equal(1.546505, MonthlyCost.Of(0, 512L << 20, 1, OpenCost, 730), 9);
    }

    [Fact]
    public void Of_ThreePods_TripleOnePod()
    {
        // (11.538015 + 1.546505) × 3 = 39.25356
        Assert.Equal(39.25356, MonthlyCost.Of(0.5, 512L << 20, 3, OpenCost, 730), 9);
    }

    [Fact]
    public void Current_NoRequestSet_PricesMeasuredUse()
    {
        var w = Fixture.Workload() with { Current = ResourceAmounts.None, UsageAverageCores = 0.25, MemoryPeakBytes = 1L << 30 };

        // 0.25 × 0.031611 × 730 + 1 × 0.004237 × 730 = 5.76900750 + 3.09301 = 8.8620175
        Assert.Equal(8.8620175, MonthlyCost.Current(w, OpenCost, 730), 9);
    }

    [Fact]
    public void Build_UnderProvisioned_NegativeSavingsFlaggedCostsMore()
    {
        var w = Fixture.Workload() with
        {
            Current = new ResourceAmounts(0.5, 0.5, 256L << 20, null),
            Recommended = new ResourceAmounts(1.0, 1.5, 256L << 20, null),
        };

        Report report = new ReportBuilder(new PriceBook(), Grouping.Namespace, StatedForecast.Instance).Build([w], "test", Fixture.Now);

        ReportRow row = Assert.Single(report.Rows);
        // (0.5 − 1.0) core × 0.031611 × 730 = −11.538015; memory unchanged
        Assert.Equal(-11.538015, row.MonthlySavings, 6);
        Assert.True((row.Risks & RiskFlags.CostsMore) != 0);
        Assert.Equal(1, report.Summary.CostsMore);
    }

    [Fact]
    public void Build_PoolLabel_UsesThatPoolsPrices()
    {
        var prices = new PriceBook { Pools = new Dictionary<string, PoolPrice> { ["spot"] = new(0.01, 0.001) } };
        var spot = Fixture.Workload(name: "cheap") with { Labels = new Dictionary<string, string> { ["ktruth.io/node-pool"] = "spot" } };

        Report report = new ReportBuilder(prices, Grouping.Namespace, StatedForecast.Instance).Build([spot], "test", Fixture.Now);

        // now: (1 core × 0.01 + 0.5 GiB × 0.001) × 730 = 7.665
        Assert.Equal(7.665, report.Rows[0].MonthlyCostNow, 9);
    }

    [Fact]
    public void Build_Rows_SortedBySavingsAndGroupTotalsAddUp()
    {
        var small = Fixture.Workload("a", "small") with { Recommended = new ResourceAmounts(0.9, 1.0, 512L << 20, null) };
        var large = Fixture.Workload("b", "large") with { Recommended = new ResourceAmounts(0.1, 1.0, 512L << 20, null) };
        var also = Fixture.Workload("a", "also") with { Recommended = new ResourceAmounts(0.5, 1.0, 512L << 20, null) };

        Report report = new ReportBuilder(new PriceBook(), Grouping.Namespace, StatedForecast.Instance).Build([small, large, also], "test", Fixture.Now);

        Assert.Equal(["large", "also", "small"], report.Rows.Select(r => r.Facts.Name));
        // a: (0.1 + 0.5) core saved × 0.031611 × 730 = 13.845618; b: 0.9 × … = 20.768427
        Assert.Equal(["b", "a"], report.Groups.Select(g => g.Name));
        Assert.Equal(13.845618, report.Groups[1].MonthlySavings, 6);
        Assert.Equal(report.Rows.Sum(r => r.MonthlySavings), report.Summary.MonthlySavings, 9);
    }

    [Fact]
    public void Build_NoWorkloads_FailsSayingSo()
    {
        var ex = Assert.Throws<ArgumentException>(() => new ReportBuilder(new PriceBook(), Grouping.Namespace, StatedForecast.Instance).Build([], "--from x", Fixture.Now));

        Assert.Contains("no workloads in the input", ex.Message, StringComparison.Ordinal);
    }
}
