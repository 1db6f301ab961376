namespace KernelTruth.Reports.Model;

/// <summary>One workload container in a report: its facts, what it costs now and after, and its risks.</summary>
/// <param name="Group">The group it is totalled under (see <see cref="Grouping"/>).</param>
/// <param name="Before">Throttling predicted (or measured) at today's limit.</param>
/// <param name="After">Throttling predicted at the recommended limit.</param>
public sealed record ReportRow(
    WorkloadFacts Facts,
    string Group,
    double MonthlyCostNow,
    double MonthlyCostRecommended,
    ThrottleOutlook? Before,
    ThrottleOutlook? After,
    RiskFlags Risks)
{
    /// <summary>Now − recommended; negative when the fix costs money.</summary>
    public double MonthlySavings => MonthlyCostNow - MonthlyCostRecommended;
}
