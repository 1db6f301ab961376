using KernelTruth.Models.Demand;
using KernelTruth.Models.Recommendations;
using Spectre.Console;

namespace KernelTruth.Cli.Output;

/// <summary>Why the numbers are what they are, as lines a person reads under the table.</summary>
internal static class EvidenceText
{
    public static IEnumerable<string> Lines(Recommendation r)
    {
        var e = r.Evidence;
        string basis = e.RequestBasis == QuantileBasis.Extrapolated ? "extrapolated" : "observed";
        yield return $"request: demand p{e.RequestPercentile * 100:0} per CFS period = {Units.Cores(e.DemandAtRequestPercentileCores)} cores ({basis}) + {e.SafetyMargin * 100:0}% margin; mean demand {Units.Cores(e.DemandMeanCores)} cores over {e.Periods} periods in {e.Intervals} intervals";
        if (e.CensoredPeriodsShare > 0)
        {
            yield return $"{Units.Percent(e.CensoredPeriodsShare)} of periods were throttled: their usage stopped at the limit, so demand there is known only as ≥ the limit, with the excess read from the throttle wait";
        }

        string slo = $"SLO: ≤ {Units.Percent(e.ThrottledPeriodsSlo)} of periods throttled and throttle-wait p{e.ThrottleWaitPercentile * 100:0} ≤ {Units.Duration(e.ThrottleWaitSlo.TotalSeconds)}";
        yield return e.SloLimitCores is double s
            ? $"limit: {slo}; the smallest limit meeting it is {Units.Cores(s)} cores{(e.SloMet == false ? " (not met within maxAllowed)" : "")}"
            : $"limit: {slo}; no limit searched";
        if (e.MeasuredThrottledRatio is double m)
        {
            yield return $"measured at the current limit {Units.Cores(e.CurrentLimitCores)}: {Units.Percent(m)} of periods throttled, throttle-wait p99 {Units.Duration(e.MeasuredThrottleWaitP99Seconds ?? 0)}";
        }

        yield return $"contention wait p50 {Units.Duration(e.ContentionWaitP50Seconds)}, p99 {Units.Duration(e.ContentionWaitP99Seconds)}" + (e.ContentionNote is { } note ? $": {note}" : "");
        foreach (string line in e.Notes)
        {
            yield return line;
        }

        yield return RecommendationTable.HasBaseline(r)
            ? $"VPA baseline: the stock VPA recommender's algorithm on per-minute usage averages (what metrics-server shows), {r.Confidence.MinuteSamples} minute sample(s); it never sees throttling"
            : "VPA baseline: n/a, VPA takes one metrics-server average per minute and no whole minute was observed yet (it would start from its 25m minimum); observe longer for it";
    }

    public static void Write(IAnsiConsole console, Recommendation r)
    {
        foreach (string line in Lines(r))
        {
            console.MarkupLine("  [grey]•[/] " + Markup.Escape(line));
        }
    }
}
