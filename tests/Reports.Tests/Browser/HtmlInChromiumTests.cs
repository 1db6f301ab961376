using System.Text.RegularExpressions;
using KernelTruth.Reports.Render;
using KernelTruth.Reports.Tests.Fakes;
using KernelTruth.Reports.Tests.Render;

namespace KernelTruth.Reports.Tests.Browser;

/// <summary>
/// The HTML report opened in headless Chromium: it loads without console errors, its charts are in
/// the DOM with drawn shapes, hostile names stay text, and a screenshot lands in the test output
/// (bin/.../report-screenshot.png). Skipped without Chromium unless CI=true, where it fails.
/// </summary>
public sealed partial class HtmlInChromiumTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ktruth-report-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Open_FixtureReport_NoConsoleErrorsChartsDrawnScreenshotWritten()
    {
        if (Chromium.Require() is not string chromium)
        {
            return;
        }

        string html = Path.Combine(_dir, "report.html");
        File.WriteAllText(html, Fixture.Render(Fixture.Report(), ReportFormat.Html));

        var (dom, stderr) = Chromium.Run(chromium, Path.Combine(_dir, "profile"), "--dump-dom", new Uri(html).AbsoluteUri);

        Assert.Empty(Chromium.ConsoleLines(stderr));
        Assert.Contains("Right-sizing report", dom, StringComparison.Ordinal);
        string savings = Element(dom, "savings-chart");
        Assert.Equal(3, RectCount(savings, "bar-save")); // jobs, shop and payments all save (payments $0: a 1 px bar)
        Assert.Equal(0, RectCount(savings, "bar-cost"));
        string throttling = Element(dom, "throttling-chart");
        Assert.True(RectCount(throttling, "bar-before") >= 3, "a bar per throttled workload before the change");
        Assert.True(RectCount(throttling, "bar-after") >= 3, "a bar per workload after the change");
        Assert.Equal(4, Strips().Matches(dom).Count); // one demand strip per workload row
        Assert.Equal(3, LimitRec().Matches(dom).Count); // web, db, api have a recommended limit; batch has none
        Assert.Equal(3, LimitNow().Matches(dom).Count);

        string png = Path.Combine(AppContext.BaseDirectory, "report-screenshot.png");
        File.Delete(png);
        Chromium.Run(chromium, Path.Combine(_dir, "profile"), $"--screenshot={png}", "--window-size=1600,1400", new Uri(html).AbsoluteUri);
        Assert.True(File.Exists(png) && new FileInfo(png).Length > 10_000, $"screenshot {png} written and not blank");
    }

    [Fact]
    public void Open_HostileNames_RenderAsTextNoScriptElements()
    {
        if (Chromium.Require() is not string chromium)
        {
            return;
        }

        string html = Path.Combine(_dir, "hostile.html");
        File.WriteAllText(html, Fixture.Render(EscapingTests.Hostile(), ReportFormat.Html));

        var (dom, stderr) = Chromium.Run(chromium, Path.Combine(_dir, "profile"), "--dump-dom", new Uri(html).AbsoluteUri);

        Assert.Empty(Chromium.ConsoleLines(stderr)); // alert() never ran
        Assert.DoesNotContain("<script", dom, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", dom, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", dom, StringComparison.Ordinal);
    }

    [Fact]
    public void ConsoleLines_PageThatErrs_Caught()
    {
        if (Chromium.Require() is not string chromium)
        {
            return;
        }

        // The check above must be able to fail: a page that logs an error and throws is seen.
        string html = Path.Combine(_dir, "broken.html");
        File.WriteAllText(html, "<!DOCTYPE html><html><body><script>console.error('boom'); null.x;</script></body></html>");

        var (_, stderr) = Chromium.Run(chromium, Path.Combine(_dir, "profile"), "--dump-dom", new Uri(html).AbsoluteUri);

        Assert.Contains(Chromium.ConsoleLines(stderr), l => l.Contains("boom", StringComparison.Ordinal));
    }

    private static string Element(string dom, string id)
    {
        int start = dom.IndexOf($"id=\"{id}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"#{id} is in the DOM");
        int end = dom.IndexOf("</svg>", start, StringComparison.Ordinal);
        return dom[start..end];
    }

    private static int RectCount(string svg, string css) => Regex.Count(svg, $"<rect class=\"{css}\"[^>]*width=\"[1-9]");

    [GeneratedRegex("<svg class=\"strip\"")]
    private static partial Regex Strips();

    [GeneratedRegex("class=\"limit-rec\"")]
    private static partial Regex LimitRec();

    [GeneratedRegex("class=\"limit-now\"")]
    private static partial Regex LimitNow();
}
