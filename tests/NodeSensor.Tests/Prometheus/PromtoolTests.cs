namespace KernelTruth.NodeSensor.Tests.Prometheus;

/// <summary>The promtool check the /metrics tests rely on can fail: a lint problem and a parse error both do.</summary>
public sealed class PromtoolTests
{
    [Theory]
    [InlineData("# HELP x A counter without the suffix.\n# TYPE x counter\nx 1\n", "should have \"_total\" suffix")]
    [InlineData("# HELP y A gauge.\n# TYPE y gauge\ny{le=\"1\" 1\n", "parsing error")]
    public void AssertClean_FlaggedExposition_FailsQuotingPromtool(string exposition, string expected)
    {
        var failure = Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => Promtool.AssertClean(exposition, "test"));

        Assert.Contains(expected, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AssertClean_CleanExposition_Passes() =>
        Promtool.AssertClean("# HELP x_total A counter.\n# TYPE x_total counter\nx_total 1\n", "test");
}
