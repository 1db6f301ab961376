namespace KernelTruth.Reports.Model;

/// <summary>Sums over some rows: the whole report's summary, or one group's totals.</summary>
public sealed record ReportTotals(string Name, int Workloads, double MonthlyCostNow, double MonthlyCostRecommended, int AtRisk, int CostsMore)
{
    public double MonthlySavings => MonthlyCostNow - MonthlyCostRecommended;

    public static ReportTotals Of(string name, IReadOnlyCollection<ReportRow> rows) => new(
        name,
        rows.Count,
        rows.Sum(r => r.MonthlyCostNow),
        rows.Sum(r => r.MonthlyCostRecommended),
        rows.Count(r => RiskRules.AtRisk(r.Risks)),
        rows.Count(r => (r.Risks & RiskFlags.CostsMore) != 0));
}
