using KernelTruth.Reports.Model;
using KernelTruth.Reports.Prediction;
using KernelTruth.Reports.Render;
using KernelTruth.Reports.Tests.Fakes;

namespace KernelTruth.Reports.Tests.Render;

public sealed class EscapingTests
{
    private const string Script = "<script>alert(1)</script>";

    internal static Report Hostile()
    {
        var w = Fixture.Workload(ns: Script, name: "web\"><img src=x onerror=alert(2)>", container: "a&b") with
        {
            Labels = new Dictionary<string, string> { ["team"] = "<b>bold</b>" },
            Evidence = ["</details><script>alert(3)</script>"],
        };
        return new ReportBuilder(new PriceBook(), Grouping.Parse("label:team"), StatedForecast.Instance).Build([w], "<i>source</i>", Fixture.Now, ["<u>note</u>"]);
    }

    [Fact]
    public void Html_HostileNames_AppearAsTextOnly()
    {
        string html = Fixture.Render(Hostile(), ReportFormat.Html);

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<u>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<i>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("a&amp;b", html, StringComparison.Ordinal);
        // SVG text and tooltips too: the group label in the savings chart, the strip's <title>.
        Assert.Contains("&lt;b&gt;bold&lt;/b&gt;</text>", html, StringComparison.Ordinal);
        Assert.Contains("<title>&lt;script&gt;alert(1)&lt;/script&gt;/web&quot;&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Markdown_HostileNames_CannotBecomeHtmlOrBreakTheTable()
    {
        string md = Fixture.Render(Hostile(), ReportFormat.Markdown);

        Assert.DoesNotContain("<script", md, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", md, StringComparison.Ordinal);
        string row = md.Split('\n').Single(l => l.Contains("alert(1)", StringComparison.Ordinal) && l.StartsWith("| &lt;", StringComparison.Ordinal));
        Assert.Equal(18, System.Text.RegularExpressions.Regex.Count(row, @"(?<!\\)\|")); // 17 columns ⇒ 18 unescaped pipes
    }

    [Theory]
    [InlineData("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\"")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("-1", "'-1")]
    [InlineData("plain", "plain")]
    public void Csv_Text_QuotedAndDefusedAsFormula(string value, string expected)
    {
        Assert.Equal(expected, CsvReport.Text(value));
    }
}
