using KernelTruth.Reports.Prediction;

namespace KernelTruth.Reports.Model;

/// <summary>Turns workload facts into a <see cref="Report"/>: prices, predictions, risks, sorting, totals.</summary>
public sealed class ReportBuilder(PriceBook prices, Grouping grouping, IThrottleForecast forecast, RiskRules? rules = null)
{
    private readonly RiskRules _rules = rules ?? new RiskRules();

    /// <exception cref="ArgumentException">No workloads: an empty report would read as "nothing to save".</exception>
    public Report Build(IReadOnlyList<WorkloadFacts> workloads, string source, DateTimeOffset now, IReadOnlyList<string>? notes = null)
    {
        ArgumentNullException.ThrowIfNull(workloads);
        if (workloads.Count == 0)
        {
            throw new ArgumentException($"no workloads in the input ({source})" + (notes is { Count: > 0 } ? ": " + string.Join("; ", notes) : ""), nameof(workloads));
        }

        var rows = new List<ReportRow>(workloads.Count);
        foreach (WorkloadFacts w in workloads)
        {
            PoolPrice price = prices.For(w);
            double costNow = MonthlyCost.Current(w, price, prices.HoursPerMonth);
            double recommended = MonthlyCost.Recommended(w, price, prices.HoursPerMonth);
            ThrottleOutlook? after = forecast.AtRecommendedLimit(w);
            ThrottleOutlook? before = Measured(w);
            rows.Add(new ReportRow(w, grouping.KeyOf(w), costNow, recommended, before, after, _rules.Assess(w, after, costNow - recommended)));
        }

        rows.Sort(BySavings);
        var groups = rows
            .GroupBy(r => r.Group, StringComparer.Ordinal)
            .Select(g => ReportTotals.Of(g.Key, g.ToList()))
            .OrderByDescending(t => t.MonthlySavings)
            .ThenBy(t => t.Name, StringComparer.Ordinal)
            .ToList();

        return new Report
        {
            GeneratedAt = now,
            Source = source,
            Grouping = grouping,
            Prices = prices,
            Summary = ReportTotals.Of("all", rows),
            Groups = groups,
            Rows = rows,
            Notes = notes ?? [],
        };
    }

    /// <summary>Today's throttling as measured, at today's limit; null when the source did not measure it.</summary>
    private static ThrottleOutlook? Measured(WorkloadFacts w) =>
        w.ThrottledPeriodsRatio is double ratio ? new ThrottleOutlook(w.Current.CpuLimitCores, ratio, w.ThrottleWaitP99Seconds ?? 0, Extrapolated: false) : null;

    // Largest savings first; ties in a fixed order so that runs are reproducible.
    private static int BySavings(ReportRow a, ReportRow b)
    {
        int c = b.MonthlySavings.CompareTo(a.MonthlySavings);
        if (c != 0)
        {
            return c;
        }

        c = string.CompareOrdinal(a.Facts.Namespace, b.Facts.Namespace);
        c = c != 0 ? c : string.CompareOrdinal(a.Facts.Kind, b.Facts.Kind);
        c = c != 0 ? c : string.CompareOrdinal(a.Facts.Name, b.Facts.Name);
        return c != 0 ? c : string.CompareOrdinal(a.Facts.Container, b.Facts.Container);
    }
}
