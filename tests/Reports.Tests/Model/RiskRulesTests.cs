using KernelTruth.Reports.Model;
using KernelTruth.Reports.Tests.Fakes;

namespace KernelTruth.Reports.Tests.Model;

public sealed class RiskRulesTests
{
    private static readonly RiskRules Rules = new();

    [Fact]
    public void Assess_PlainWorkload_NoFlags()
    {
        Assert.Equal(RiskFlags.None, Rules.Assess(Fixture.Workload(), new ThrottleOutlook(0.8, 0.001, 0, false), 5));
    }

    [Theory]
    [InlineData(0.02, 0.0, RiskFlags.Throttled)]      // 2 % of periods > 1 %
    [InlineData(0.0, 0.011, RiskFlags.Throttled)]     // wait p99 11 ms > 10 ms
    [InlineData(0.01, 0.01, RiskFlags.None)]          // exactly at the SLO is within it
    public void Assess_MeasuredThrottling_AgainstTheSlo(double ratio, double wait, RiskFlags expected)
    {
        var w = Fixture.Workload() with { ThrottledPeriodsRatio = ratio, ThrottleWaitP99Seconds = wait };

        Assert.Equal(expected, Rules.Assess(w, null, 1));
    }

    [Fact]
    public void Assess_RecommendedMemoryBelowPeak_WouldBeOom()
    {
        var w = Fixture.Workload() with { MemoryPeakBytes = 300L << 20 }; // recommended limit 256 MiB

        Assert.Equal(RiskFlags.WouldBeOom, Rules.Assess(w, null, 1));
    }

    [Fact]
    public void Assess_EachFlag_Named()
    {
        var w = Fixture.Workload() with { ContentionWaitP99Seconds = 0.02, Confidence = 0.3, OomKills = 1 };

        RiskFlags flags = Rules.Assess(w, new ThrottleOutlook(0.8, 0.05, 0, true), -3);

        Assert.Equal(["contended", "low-confidence", "would-be-oom", "throttled-after", "costs-more"], RiskRules.Names(flags));
        Assert.True(RiskRules.AtRisk(flags));
        Assert.False(RiskRules.AtRisk(RiskFlags.CostsMore));
    }

    [Theory]
    [InlineData("namespace", "shop")]
    [InlineData("workload", "shop/Deployment/web")]
    [InlineData("label:team", "storefront")]
    [InlineData("label:owner", "(no owner)")]
    public void Grouping_KeyOf_ByKind(string spec, string expected)
    {
        var w = Fixture.Workload() with { Labels = new Dictionary<string, string> { ["team"] = "storefront" } };

        Assert.Equal(expected, Grouping.Parse(spec).KeyOf(w));
    }

    [Theory]
    [InlineData("team")]
    [InlineData("label:")]
    [InlineData("")]
    public void Grouping_Parse_Unknown_ListsTheForms(string spec)
    {
        var ex = Assert.Throws<ArgumentException>(() => Grouping.Parse(spec));

        Assert.Contains("namespace, workload or label:<key>", ex.Message, StringComparison.Ordinal);
    }
}
