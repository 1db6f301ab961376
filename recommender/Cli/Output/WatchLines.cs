using KernelTruth.Cli.Watching;
using KernelTruth.Models.Recommendations;

namespace KernelTruth.Cli.Output;

/// <summary>`ktruth watch` when stdout is not a terminal: one plain line per cgroup per refresh, for logs and pipes.</summary>
internal static class WatchLines
{
    public static void Write(TextWriter output, WatchFrame frame)
    {
        string time = frame.Time.ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
        foreach (var row in frame.Rows)
        {
            var w = row.Window;
            output.WriteLine(
                $"{time} {row.Cgroup} usage={Units.Cores(w.UsageCores)} limit={Units.Cores(w.LimitCores)} throttled={Units.Percent(w.ThrottledPeriodsRatio)} " +
                $"throttle_wait_p99={Units.Duration(w.ThrottleWaitP99Seconds)} contention_wait_p99={Units.Duration(w.ContentionWaitP99Seconds)} switches/s={Units.Rate(w.SwitchesPerSecond)} " +
                Recommended(row.Recommendation, row.Error) + Predicted(row));
        }

        output.Flush();
    }

    /// <summary>The simulation engine's throttled periods at the recommended limit, when there is one.</summary>
    private static string Predicted(WatchRow row) => row is { Recommendation.Evidence.Periods: > 0, Simulated: { } p }
        ? $" predicted_throttled={Units.Percent(p.ThrottledPeriodsRatio)}{(p.Extrapolated ? "(extrapolated)" : "")} predicted_throttle_wait_p99={Units.Duration(p.ThrottleWaitP99Seconds)}"
        : "";

    private static string Recommended(Recommendation? r, string? error) => r switch
    {
        { Evidence.Periods: > 0 } => $"request={Units.Cores(r.Cpu.RequestCores)} limit={Units.Cores(r.Cpu.LimitCores)} vpa_request={(RecommendationTable.HasBaseline(r) ? Units.Cores(r.Baseline.Cpu.RequestCores) : "n/a")}",
        not null => "request=idle",
        null => error is null ? "request=pending" : $"error=\"{error}\"",
    };
}
