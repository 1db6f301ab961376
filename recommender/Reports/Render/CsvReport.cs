using KernelTruth.Reports.Model;

namespace KernelTruth.Reports.Render;

/// <summary>
/// One line per workload container, RFC 4180 (quoted where needed, CRLF), numbers in plain units for
/// spreadsheets: cores, bytes, seconds, 0..1 ratios, money per month. An empty cell is "not set" for
/// requests and limits and "unknown" elsewhere. Text starting with = + - @ is prefixed with ' so a
/// spreadsheet does not run it as a formula.
/// </summary>
public static class CsvReport
{
    public static readonly string[] Columns =
    [
        "namespace", "kind", "name", "container", "group", "pods",
        "cpu_request_now", "cpu_limit_now", "memory_request_now", "memory_limit_now",
        "cpu_request_recommended", "cpu_limit_recommended", "memory_request_recommended", "memory_limit_recommended",
        "cpu_request_vpa", "memory_request_vpa",
        "usage_average_cores", "demand_p95_cores", "demand_p99_cores",
        "throttled_periods_ratio", "throttle_wait_p99_seconds", "contention_wait_p99_seconds", "oom_kills", "confidence",
        "monthly_cost_now", "monthly_cost_recommended", "monthly_savings",
        "throttled_periods_ratio_after", "throttle_wait_p99_seconds_after", "risks", "window_seconds",
        "startups", "startup_ready_p50_seconds", "startup_ready_p90_seconds", "startup_cpu_p50_core_seconds", "startup_cpu_p90_core_seconds",
        "startup_throttled_p50_seconds", "startup_throttled_p90_seconds", "startup_fix", "startup_fix_cpu_limit", "startup_fix_burst_us", "startup_ready_after_fix_seconds",
    ];

    public static void Write(Report report, TextWriter output)
    {
        output.Write(string.Join(',', Columns));
        output.Write("\r\n");
        foreach (ReportRow r in report.Rows)
        {
            WorkloadFacts f = r.Facts;
            string[] cells =
            [
                Text(f.Namespace), Text(f.Kind), Text(f.Name), Text(f.Container), Text(r.Group), Figures.Plain(f.Pods),
                Figures.Plain(f.Current.CpuRequestCores, 4), Figures.Plain(f.Current.CpuLimitCores, 4), Figures.Plain(f.Current.MemoryRequestBytes), Figures.Plain(f.Current.MemoryLimitBytes),
                Figures.Plain(f.Recommended.CpuRequestCores, 4), Figures.Plain(f.Recommended.CpuLimitCores, 4), Figures.Plain(f.Recommended.MemoryRequestBytes), Figures.Plain(f.Recommended.MemoryLimitBytes),
                Figures.Plain(f.Baseline.CpuRequestCores, 4), Figures.Plain(f.Baseline.MemoryRequestBytes),
                Figures.Plain(f.UsageAverageCores, 4), Figures.Plain(f.DemandP95Cores, 4), Figures.Plain(f.DemandP99Cores, 4),
                Figures.Plain(f.ThrottledPeriodsRatio, 6), Figures.Plain(f.ThrottleWaitP99Seconds, 6), Figures.Plain(f.ContentionWaitP99Seconds, 6), Figures.Plain(f.OomKills), Figures.Plain(f.Confidence, 3),
                Figures.Plain(r.MonthlyCostNow, 2), Figures.Plain(r.MonthlyCostRecommended, 2), Figures.Plain(r.MonthlySavings, 2),
                Figures.Plain(r.After?.ThrottledPeriodsRatio, 6), Figures.Plain(r.After?.ThrottleWaitP99Seconds, 6), Text(string.Join(' ', RiskRules.Names(r.Risks))),
                Figures.Plain(f.WindowSeconds, 0),
                .. Startup(f.Startup),
            ];
            output.Write(string.Join(',', cells));
            output.Write("\r\n");
        }
    }

    private static string[] Startup(StartupFacts? s) =>
    [
        Figures.Plain(s?.Starts), Figures.Plain(s?.ReadyP50Seconds, 3), Figures.Plain(s?.ReadyP90Seconds, 3), Figures.Plain(s?.CpuP50CoreSeconds, 3), Figures.Plain(s?.CpuP90CoreSeconds, 3),
        Figures.Plain(s?.ThrottledP50Seconds, 3), Figures.Plain(s?.ThrottledP90Seconds, 3), Text(s?.Fix?.Kind ?? ""), Figures.Plain(s?.Fix?.LimitCores, 4), Figures.Plain(s?.Fix?.BurstMicroseconds),
        Figures.Plain(s?.Fix?.PredictedReadySeconds, 3),
    ];

    public static string Text(string value)
    {
        string safe = value.Length > 0 && value[0] is '=' or '+' or '-' or '@' ? "'" + value : value;
        return safe.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + safe.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : safe;
    }
}
