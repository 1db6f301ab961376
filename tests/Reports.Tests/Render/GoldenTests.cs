using KernelTruth.Reports.Model;
using KernelTruth.Reports.Render;
using KernelTruth.Reports.Tests.Fakes;

namespace KernelTruth.Reports.Tests.Render;

/// <summary>
/// The fixture rendered to each machine-readable format must equal the checked-in golden file byte
/// for byte. After an intended change, regenerate with UPDATE_GOLDEN=1 and review the diff.
/// </summary>
public sealed class GoldenTests
{
    [Theory]
    [InlineData(ReportFormat.Csv, "golden/report.csv")]
    [InlineData(ReportFormat.Json, "golden/report.json")]
    [InlineData(ReportFormat.Markdown, "golden/report.md")]
    public void Render_Fixture_MatchesGolden(ReportFormat format, string golden)
    {
        string actual = Fixture.Render(Fixture.Report(), format);

        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(Fixture.SourcePathOf(golden), actual);
        }

        Assert.Equal(File.ReadAllText(Fixture.PathOf(golden)), actual);
    }

    [Fact]
    public void Render_GroupByTeamLabel_TotalsPerTeam()
    {
        Report report = Fixture.Report(Grouping.Parse("label:team"));

        // data: db (−31.39, costs more) + batch (+95.83); storefront: web; payments/api has no team label.
        Assert.Equal(["data", "storefront", "(no team)"], report.Groups.Select(g => g.Name));
        Assert.Equal(2, report.Groups[0].Workloads);
        Assert.Equal(report.Rows.Where(r => r.Group == "data").Sum(r => r.MonthlySavings), report.Groups[0].MonthlySavings, 9);
    }

    [Fact]
    public void Report_Fixture_ProfileWithoutStatusLeftOutWithANote()
    {
        Report report = Fixture.Report();

        Assert.Equal(4, report.Rows.Count);
        Assert.Contains(report.Notes, n => n.Contains("deployment-new-app", StringComparison.Ordinal));
    }

    [Fact]
    public void Render_Html_ContainerStartsWithTheFix()
    {
        // HTML has no golden file (the Chromium test renders it): the starts section carries the same phrase as Markdown.
        string html = Fixture.Render(Fixture.Report(), ReportFormat.Html);

        Assert.Contains("<section id=\"starts\">", html, StringComparison.Ordinal);
        Assert.Contains("<td>7.92s / 9.10s</td>", html, StringComparison.Ordinal);
        Assert.Contains("limit 1820m: ready 7.92s → 2.19s", html, StringComparison.Ordinal);
    }
}
