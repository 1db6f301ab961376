using KernelTruth.NodeSensor.Prometheus;

namespace KernelTruth.NodeSensor.Tests.Prometheus;

public sealed class PrometheusFormatTests
{
    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(1.0, "1")]
    [InlineData(-3.0, "-3")]
    [InlineData(1e6, "1000000")] // Go's 'g' would print 1e+06; plain integers read better
    [InlineData(9007199254740993.0, "9007199254740992")] // nearest double to 2^53 + 1
    [InlineData(0.25, "0.25")]
    [InlineData(1e-5, "1e-05")]
    [InlineData(1.5e20, "1.5e+20")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    public void FormatValue_Double_GoFloatText(double value, string expected)
    {
        Assert.Equal(expected, PrometheusFormat.FormatValue(value));
    }

    [Fact]
    public void FormatValue_ShortestForm_RoundTrips()
    {
        foreach (var value in new[] { 0.1, 1.0 / 3, 123.456e-10, double.Epsilon, double.MaxValue })
        {
            var text = PrometheusFormat.FormatValue(value);
            Assert.Equal(value, SampleLineReader.ParseValue(text, lineNumber: 0));
        }
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a\\b", "a\\\\b")]
    [InlineData("a\nb", "a\\nb")]
    [InlineData("say \"x\"", "say \"x\"")] // quotes stay literal in HELP
    public void EscapeHelp_Text_EscapesBackslashAndNewline(string help, string expected)
    {
        Assert.Equal(expected, PrometheusFormat.EscapeHelp(help));
    }

    [Fact]
    public void EscapeLabelValue_QuoteBackslashNewline_AllEscaped()
    {
        Assert.Equal("\\\"\\\\\\n", PrometheusFormat.EscapeLabelValue("\"\\\n"));
    }
}
