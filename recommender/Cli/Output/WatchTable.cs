using KernelTruth.Cli.Watching;
using KernelTruth.Models.Recommendations;
using Spectre.Console;

namespace KernelTruth.Cli.Output;

/// <summary>The live table of `ktruth watch` on a terminal.</summary>
internal static class WatchTable
{
    public static Table Build(WatchFrame frame)
    {
        var table = new Table { Border = TableBorder.Rounded, Expand = false };
        table.Title = new TableTitle($"ktruth watch: {frame.Rows.Count} busiest of {frame.Cgroups} cgroups, {frame.Time:HH:mm:ss}, {frame.Elapsed.TotalSeconds:0} s observed");
        table.AddColumn("cgroup");
        foreach (string header in new[] { "usage avg", "limit", "throttled", "throttle wait p99", "contention wait p99", "switches/s", "[bold]request[/]", "[bold]limit[/]", "VPA request" })
        {
            table.AddColumn(new TableColumn(header).RightAligned());
        }

        foreach (var row in frame.Rows)
        {
            var w = row.Window;
            string throttled = Units.Percent(w.ThrottledPeriodsRatio);
            table.AddRow(
                Markup.Escape(Shorten(row.Cgroup, 48)),
                Units.Cores(w.UsageCores),
                w.LimitCores is null ? "[grey]none[/]" : Units.Cores(w.LimitCores),
                w.ThrottledPeriodsRatio >= 0.01 ? $"[red]{throttled}[/]" : throttled,
                Units.Duration(w.ThrottleWaitP99Seconds),
                Units.Duration(w.ContentionWaitP99Seconds),
                Units.Rate(w.SwitchesPerSecond),
                Recommended(row, r => $"[bold]{Units.Cores(r.Cpu.RequestCores)}[/]"),
                Recommended(row, r => $"[bold]{Units.Cores(r.Cpu.LimitCores)}[/]" + (row.Simulated is { } p ? $" [grey]({Units.Percent(p.ThrottledPeriodsRatio)} thr.)[/]" : "")),
                Recommended(row, r => RecommendationTable.HasBaseline(r) ? Units.Cores(r.Baseline.Cpu.RequestCores) : "[grey]n/a[/]"));
        }

        table.Caption($"usage avg, throttled and switches over the last {frame.Window.TotalSeconds:0} s (usage avg is what metrics-server shows); waits are p99 of single waits. Request/limit: kernel-truth's recommendation, the limit with the simulated share of throttled periods at it; VPA request: the stock algorithm's, after a whole minute. Ctrl-C stops.");
        return table;
    }

    /// <summary>The end of a long path, where pod and container ids are.</summary>
    public static string Shorten(string path, int max) => path.Length <= max ? path : "…" + path[^(max - 1)..];

    private static string Recommended(WatchRow row, Func<Recommendation, string> show) => row.Recommendation switch
    {
        { Evidence.Periods: > 0 } r => show(r),
        not null => "[grey]idle[/]",
        null => row.Error is null ? "[grey]…[/]" : "[red]error[/]",
    };
}
