namespace KernelTruth.Deploy.Tests.Monitoring;

/// <summary>
/// Issue 13: every PromQL expression of the dashboard (and of the rules) names a metric the sensor or the
/// recommender actually exports, checked against their scrapes; histogram bucket edges it names exist too.
/// </summary>
public sealed class DashboardQueryTests
{
    /// <summary>Series that Prometheus or the API server make, which the rules may use: scrape health and the aggregator's view.</summary>
    private static readonly string[] NotOurs = ["up", "aggregator_unavailable_apiservice"];

    [Fact]
    public async Task Dashboard_EveryQuery_NamesExportedMetricsOnly()
    {
        var (exported, les) = await ExportedAsync();
        var dashboard = Dashboard.Load();
        var queries = Dashboard.Targets(dashboard).Select(t => (Where: $"panel '{t.Panel}'", t.Expr, Names: PromQlNames.MetricNames(t.Expr)))
            .Concat(Dashboard.VariableQueries(dashboard).Select(v => (Where: $"variable '{v.Variable}'", Expr: v.Query, Names: PromQlNames.VariableQueryNames(v.Query))))
            .ToList();

        Assert.True(queries.Count >= 15, $"only {queries.Count} queries found: the extraction missed panels");
        Assert.All(queries, q => Assert.NotEmpty(q.Names));
        var unknown = queries.SelectMany(q => q.Names.Where(n => !exported.Contains(n)).Select(n => $"{q.Where}: {n}")).ToList();
        Assert.True(unknown.Count == 0, "not exported by the sensor or the recommender: " + string.Join("; ", unknown));

        var edges = queries.SelectMany(q => System.Text.RegularExpressions.Regex.Matches(q.Expr, "le=\"([^\"]*)\"").Select(m => m.Groups[1].Value)).ToList();
        Assert.NotEmpty(edges);
        Assert.All(edges, le => Assert.Contains(le, les));
    }

    [Fact]
    public async Task Rules_EveryExpression_NamesExportedOrRecordedMetrics()
    {
        var (exported, _) = await ExportedAsync();
        var rules = RuleFile.Rules().ToList();
        var recorded = rules.Where(r => r.Recorded).Select(r => r.Rule).ToHashSet(StringComparer.Ordinal);

        var unknown = rules.SelectMany(r => PromQlNames.MetricNames(r.Expr)
                .Where(n => !exported.Contains(n) && !recorded.Contains(n) && !NotOurs.Contains(n))
                .Select(n => $"{r.Rule}: {n}"))
            .ToList();

        Assert.True(unknown.Count == 0, "not exported, recorded, or Prometheus' own: " + string.Join("; ", unknown));
    }

    [Fact]
    public async Task Check_AMisspelledMetric_IsCaught()
    {
        // The check can fail: a name one letter off is not among the exported ones.
        var (exported, _) = await ExportedAsync();
        var names = PromQlNames.MetricNames("rate(ktruth_cgroup_cpu_throttled_period_total[5m])");

        Assert.DoesNotContain(Assert.Single(names), exported);
        Assert.Contains("ktruth_cgroup_cpu_throttled_periods_total", exported);
    }

    private static async Task<(HashSet<string> Names, HashSet<string> Les)> ExportedAsync()
    {
        var sensor = Scrapes.Read(await Scrapes.SensorAsync());
        var recommender = Scrapes.Read(await Scrapes.RecommenderAsync());
        return ([.. sensor.Names, .. recommender.Names], sensor.Les);
    }
}
