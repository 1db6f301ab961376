using KernelTruth.Cluster.Backfill;
using KernelTruth.Service;

namespace KernelTruth.Cluster.Tests.Controllers;

/// <summary>The --history-* flags: off by default; given, they make the history's options; wrong, one line each.</summary>
public sealed class ServiceHistoryOptionsTests
{
    private static readonly string[] Required = ["--namespace", "ns", "--identity", "me"];

    [Fact]
    public void Parse_NoHistoryFlags_NoHistory_VpaRecheckThreeIntervals()
    {
        var (options, errors) = ServiceOptions.Parse([.. Required, "--interval", "20s"], _ => null);
        Assert.Empty(errors);
        Assert.Null(options!.History);
        Assert.Equal(TimeSpan.FromSeconds(60), options.Cluster.VpaRecheck); // 3 × 20 s
    }

    [Fact]
    public void Parse_HistoryFlags_Options()
    {
        var (options, errors) = ServiceOptions.Parse(
            [.. Required, "--history-prometheus", "https://prometheus.monitoring:9090/", "--history-days", "7", "--history-bearer-token-file", "/t", "--history-ca-file", "/ca.pem"], _ => null);
        Assert.Empty(errors);
        var history = options!.History!;
        Assert.Equal((new Uri("https://prometheus.monitoring:9090/"), 7, "/t", "/ca.pem"), (history.Prometheus, history.Days, history.BearerTokenFile, history.CaFile));
        Assert.Equal((TimeSpan.FromMinutes(5), TimeSpan.FromDays(1), 50, 4), (history.Step, history.ChunkLength, history.WorkloadsPerQuery, history.Concurrency));
    }

    [Theory]
    [InlineData(new[] { "--history-prometheus", "prometheus:9090" }, "--history-prometheus must be an http:// or https:// URL (was 'prometheus:9090')")]
    [InlineData(new[] { "--history-prometheus", "ftp://p/" }, "--history-prometheus must be an http:// or https:// URL (was 'ftp://p/')")]
    [InlineData(new[] { "--history-prometheus", "http://p:9090", "--history-days", "0" }, "--history-days must be 1-90 (was 0)")]
    [InlineData(new[] { "--history-prometheus", "http://p:9090", "--history-days", "two" }, "--history-days must be a whole number of days (was 'two')")]
    [InlineData(new[] { "--history-days", "14" }, "--history-days needs --history-prometheus")]
    public void Parse_BadHistoryFlags_OneErrorNamingTheFlag(string[] flags, string expected)
    {
        var (options, errors) = ServiceOptions.Parse([.. Required, .. flags], _ => null);
        Assert.Null(options);
        Assert.Equal([expected], errors);
    }

    [Fact]
    public void PrometheusClient_CaFileMissing_ArgumentNamingTheFlagAndFile()
    {
        var ex = Assert.Throws<ArgumentException>(() => new PrometheusClient(new HistoryOptions { Prometheus = new Uri("https://p/"), CaFile = "/nonexistent/ca.pem" }));
        Assert.StartsWith("--history-ca-file '/nonexistent/ca.pem' does not load: ", ex.Message, StringComparison.Ordinal);
    }
}
