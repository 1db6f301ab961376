using System.Diagnostics;
using k8s.Models;
using KernelTruth.Cluster.Attribution;
using KernelTruth.Cluster.Backfill;
using KernelTruth.Cluster.Tests.Attribution;
using KernelTruth.Models.Recommendations;
using KernelTruth.Recommender.Logic;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace KernelTruth.Cluster.Tests.Backfill;

/// <summary>
/// The bootstrap against a real Prometheus holding 14 days of <see cref="CadvisorSeries"/>: the models it builds hold
/// what was written (request from the usage's percentile, throttled ratio, memory), the replica that is gone counts, the
/// sandbox and pod cgroups and the namespace nobody asked for do not, and the query count follows the chunking.
/// </summary>
[Collection(RealPrometheus.Collection)]
public sealed class HistoryBootstrapTests(RealPrometheus prometheus, ITestOutputHelper output)
{
    private const string Web = "shop/Deployment/web/app";
    private const string Db = "shop/StatefulSet/db/postgres";

    [Fact]
    public async Task Start_FourteenDaysOfCadvisorSeries_ModelsHoldWhatWasWritten()
    {
        var index = Index();
        var targets = HistoryTarget.From(index, []);
        Assert.Equal(["shop/Deployment/web/", "shop/StatefulSet/db/"], targets.Select(t => t.Workload.KeyPrefix));
        var options = new HistoryOptions { Prometheus = prometheus.Url };
        using var client = new PrometheusClient(options);
        using var bootstrap = new HistoryBootstrap(client, options, new FixedTime(prometheus.End), NullLogger.Instance);
        var engine = new RecommenderEngine(NullLogger.Instance, workloadKey: index.KeyOf);

        var watch = Stopwatch.StartNew();
        await bootstrap.Start(targets);
        while (bootstrap.TryTake(out var item))
        {
            engine.Bootstrap(item.Key, item.Intervals, HistoryBootstrap.Source);
            bootstrap.Applied(item.Key);
        }

        output.WriteLine($"bootstrap of 2 workload containers, 14 days at 5 min steps: {watch.Elapsed.TotalSeconds:0.00} s, {bootstrap.Queries} queries");

        // One namespace with 2 workloads (≤ 50 per query) is one batch: 14 one-day chunks × 6 signals.
        Assert.Equal(14 * 6, bootstrap.Queries);
        Assert.Equal([Web, Db], engine.Workloads); // not other/lost-…: no live workload owns it

        // web: 2 replicas × 14 days × 288 steps + the gone replica's 7 days × 288 = 10 080 intervals, ± a step at each
        // series' edges: the steps are aligned to 5 min and the series to the minute, so a step whose window holds only
        // one sample is missing and one window past the gone replica's end may still hold two (±1 per edge, 6 edges).
        Assert.InRange(engine.IntervalsOf(Web), 10_080 - 6, 10_080 + 6);
        Assert.InRange(engine.IntervalsOf(Db), 4_032 - 2, 4_032 + 2);

        // The request's demand is the usage's percentile p over whole days of 0.12 + 0.03·sin: P(sin ≤ x) = ½ + asin(x)/π,
        // so the p-quantile is 0.12 + 0.03·sin(π(p − ½)); p = 0.9 ⇒ 0.1485. Tolerance +6 %/−2 %: the per-minute histogram
        // counts a value at its bucket's upper edge (buckets 5 % wide), and the 24 h decay weighs the last partial day
        // more than the others.
        var web = engine.Recommend(Web, new RecommendationPolicy(), prometheus.End)!;
        double p = web.Evidence.RequestPercentile;
        double expected = CadvisorSeries.WebMeanCores + (CadvisorSeries.WebSwingCores * Math.Sin(Math.PI * (p - 0.5)));
        output.WriteLine($"web: p{p * 100:0} demand {web.Evidence.DemandAtRequestPercentileCores:0.0000} (written {expected:0.0000}), request {web.Cpu.RequestCores}, throttled {web.Evidence.MeasuredThrottledRatio}, memory request {web.Memory.RequestBytes}");
        Assert.InRange(web.Evidence.DemandAtRequestPercentileCores, expected * 0.98, expected * 1.06);
        Assert.InRange(web.Evidence.MeasuredThrottledRatio ?? 0, 0, 0.001);
        Assert.InRange(web.Memory.RequestBytes, CadvisorSeries.WebWorkingSet, CadvisorSeries.WebWorkingSet * 1.5);

        // db: 240 of 600 periods a minute throttled, as written, and the censored share of its per-period demand the same.
        var db = engine.Recommend(Db, new RecommendationPolicy(), prometheus.End)!;
        output.WriteLine($"db: throttled {db.Evidence.MeasuredThrottledRatio}, censored share {db.Evidence.CensoredPeriodsShare}, request {db.Cpu.RequestCores}, limit {db.Cpu.LimitCores}, memory request {db.Memory.RequestBytes}");
        Assert.InRange(db.Evidence.MeasuredThrottledRatio!.Value, CadvisorSeries.DbThrottledRatio - 0.005, CadvisorSeries.DbThrottledRatio + 0.005);
        Assert.InRange(db.Evidence.CensoredPeriodsShare, CadvisorSeries.DbThrottledRatio - 0.01, CadvisorSeries.DbThrottledRatio + 0.01);
        Assert.True(db.Cpu.RequestCores >= CadvisorSeries.DbCores, $"request {db.Cpu.RequestCores} below the 0.9 cores used");
        Assert.True(db.Memory.RequestBytes >= CadvisorSeries.DbWorkingSet, $"memory request {db.Memory.RequestBytes} below the 1 GiB working set");

        // Both say where the history came from, at half the confidence: 4 032 minute samples (one per step, replicas
        // pooled) ⇒ d = min(14, 4032/1440) = 2.8 days, Score = ½ · 2.8/3.8 = 0.368.
        foreach (var r in new[] { web, db })
        {
            Assert.Equal(HistoryBootstrap.Source, r.Evidence.HistorySource);
            Assert.InRange(r.Confidence.HistoryDays, 2.79, 2.80);
            Assert.Equal(0.5 * r.Confidence.HistoryDays / (1 + r.Confidence.HistoryDays), r.Confidence.Score, 9);
        }
    }

    [Fact]
    public async Task Probe_WrongPath_OneLineSayingItIsNotPrometheusBaseUrl()
    {
        using var client = new PrometheusClient(new HistoryOptions { Prometheus = new Uri(prometheus.Url, "nothing/") });
        var ex = await Assert.ThrowsAsync<HistoryUnavailableException>(() => client.ProbeAsync(CancellationToken.None));
        Assert.Equal($"Prometheus at {prometheus.Url}nothing answered 404 for /api/v1/query: --history-prometheus must be Prometheus' base URL (the one whose /api/v1/query answers)", ex.Message);
    }

    [Fact]
    public async Task Probe_NothingListening_OneLineUnreachable()
    {
        using var client = new PrometheusClient(new HistoryOptions { Prometheus = new Uri("http://127.0.0.1:1/") });
        var ex = await Assert.ThrowsAsync<HistoryUnavailableException>(() => client.ProbeAsync(CancellationToken.None));
        Assert.StartsWith("Prometheus at http://127.0.0.1:1 is unreachable: ", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public async Task QueryRange_BrokenQuery_InvalidDataNamingPrometheusError()
    {
        using var client = new PrometheusClient(new HistoryOptions { Prometheus = prometheus.Url });
        var ex = await Assert.ThrowsAsync<InvalidDataException>(() => client.QueryRangeAsync("sum(", prometheus.End.AddHours(-1), prometheus.End, TimeSpan.FromMinutes(5), CancellationToken.None));
        Assert.Contains("rejected a query", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>shop/web's two live pods (ReplicaSet web-5d4f8 of Deployment web, limit 0.2) and shop/db-0 (StatefulSet db, limit 1).</summary>
    private static PodIndex Index()
    {
        var db = Pods.Make("shop", "db-0", "db-uid", ("StatefulSet", "apps/v1", "db"), ("postgres", Pods.Id('d')));
        db.Spec.Containers[0].Resources.Limits["cpu"] = new ResourceQuantity("1");
        db.Spec.Containers[0].Resources.Requests["cpu"] = new ResourceQuantity("500m");
        return PodIndex.Build(
            [
                Pods.Make("shop", "web-a", "uid-a", ("ReplicaSet", "apps/v1", "web-5d4f8"), ("app", Pods.Id('a'))),
                Pods.Make("shop", "web-b", "uid-b", ("ReplicaSet", "apps/v1", "web-5d4f8"), ("app", Pods.Id('b'))),
                db,
            ],
            (kind, ns, name) => kind == "ReplicaSet" ? Pods.Owned(ns, name, "Deployment", "apps/v1", "web") : null);
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
