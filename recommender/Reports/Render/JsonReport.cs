using System.Text.Json;
using KernelTruth.Reports.Model;

namespace KernelTruth.Reports.Render;

/// <summary>
/// For automation: every figure of the report in plain units (cores, bytes, seconds, 0..1 ratios,
/// money per month rounded to 1/10 000), rows in report order. Labels are written sorted by key.
/// </summary>
internal static class JsonReport
{
    public static void Write(Report report, TextWriter output)
    {
        var doc = new JsonReportDocument(
            Report.CurrentVersion,
            report.GeneratedAt,
            report.Source,
            report.ObservedSeconds is var (shortest, longest) ? new JsonWindow(Math.Round(shortest), Math.Round(longest)) : null,
            report.Grouping.Spec,
            new JsonPrices(
                report.Prices.HoursPerMonth,
                report.Prices.PoolLabel,
                Price(report.Prices.Default),
                new SortedDictionary<string, JsonPoolPrice>(report.Prices.Pools.ToDictionary(p => p.Key, p => Price(p.Value)), StringComparer.Ordinal)),
            Totals(report.Summary),
            [.. report.Groups.Select(Totals)],
            [.. report.Rows.Select(Workload)],
            report.Notes);
        output.Write(JsonSerializer.Serialize(doc, ReportJsonContext.Default.JsonReportDocument));
        output.Write('\n');
    }

    private static JsonPoolPrice Price(PoolPrice p) => new(p.CpuCoreHour, p.MemoryGibHour);

    private static JsonTotals Totals(ReportTotals t) =>
        new(t.Name, t.Workloads, Money(t.MonthlyCostNow), Money(t.MonthlyCostRecommended), Money(t.MonthlySavings), t.AtRisk, t.CostsMore);

    private static JsonWorkload Workload(ReportRow r)
    {
        WorkloadFacts f = r.Facts;
        return new JsonWorkload(
            f.Namespace,
            f.Kind,
            f.Name,
            f.Container,
            r.Group,
            f.Pods,
            new SortedDictionary<string, string>(f.Labels.ToDictionary(), StringComparer.Ordinal),
            Resources(f.Current),
            Resources(f.Recommended),
            Resources(f.Baseline),
            new JsonMeasured(f.WindowSeconds, Round(f.UsageAverageCores), Round(f.DemandP50Cores), Round(f.DemandP95Cores), Round(f.DemandP99Cores), Round(f.ThrottledPeriodsRatio), Round(f.ThrottleWaitP99Seconds), Round(f.ContentionWaitP99Seconds), f.OomKills, f.MemoryPeakBytes),
            Round(f.Confidence),
            Money(r.MonthlyCostNow),
            Money(r.MonthlyCostRecommended),
            Money(r.MonthlySavings),
            Throttling(r.Before),
            Throttling(r.After),
            RiskRules.Names(r.Risks),
            f.Evidence,
            Startup(f.Startup));
    }

    private static JsonStartup? Startup(StartupFacts? s) => s is null
        ? null
        : new JsonStartup(
            s.Starts,
            Round(s.ReadyP50Seconds),
            Round(s.ReadyP90Seconds),
            Round(s.CpuP50CoreSeconds),
            Round(s.CpuP90CoreSeconds),
            Round(s.ThrottledP50Seconds),
            Round(s.ThrottledP90Seconds),
            s.Fix is { } f ? new JsonStartupFix(f.Kind, Round(f.LimitCores), f.BurstMicroseconds, Round(f.ReadySeconds)!.Value, Round(f.PredictedReadySeconds)!.Value) : null);

    private static JsonResources Resources(ResourceAmounts a) =>
        new(Round(a.CpuRequestCores), Round(a.CpuLimitCores), a.MemoryRequestBytes, a.MemoryLimitBytes);

    private static JsonThrottling? Throttling(ThrottleOutlook? t) =>
        t is null ? null : new(Round(t.LimitCores), Round(t.ThrottledPeriodsRatio)!.Value, Round(t.ThrottleWaitP99Seconds)!.Value, t.Extrapolated);

    private static double Money(double v) => Math.Round(v, 4, MidpointRounding.AwayFromZero) + 0.0;

    // Six decimals: a microsecond, a millionth of a core; keeps float noise out of golden files.
    private static double? Round(double? v) => v is double x ? Math.Round(x, 6, MidpointRounding.AwayFromZero) + 0.0 : null;
}
