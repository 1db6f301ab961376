using KernelTruth.Kubernetes.Resources;
using KernelTruth.Reports.Input;
using KernelTruth.Reports.Model;

namespace KernelTruth.Cli.Profiles;

/// <summary>
/// One WorkloadProfile as `ktruth get` lists it: the report's facts for it (quantities parsed and range-checked by
/// the same reader `ktruth report --from` uses), and what its requests cost a month now and as recommended, priced
/// as the report prices them (<see cref="MonthlyCost"/>). Predicted throttling is the profile's own status.predicted.
/// </summary>
internal sealed record ProfileRow(WorkloadProfile Profile, WorkloadFacts Facts, double MonthlyCostNow, double? MonthlyCostRecommended)
{
    /// <summary>"Deployment/web", or the profile's own name when it has no target.</summary>
    public string Workload => Profile.Spec?.TargetRef is { Kind: { } kind, Name: { } name } ? $"{kind}/{name}" : $"WorkloadProfile/{Profile.Metadata.Name}";

    /// <exception cref="ReportInputException">A field of the profile is wrong (a ratio above 1, a quantity that does not parse); the message names it.</exception>
    public static ProfileRow Of(WorkloadProfile profile, PriceBook prices)
    {
        WorkloadFacts facts = ProfileReader.Facts(profile, $"{profile.Metadata?.NamespaceProperty}/{profile.Metadata?.Name}");
        PoolPrice price = prices.For(facts);
        double now = MonthlyCost.Current(facts, price, prices.HoursPerMonth);
        double? recommended = profile.Status?.Recommendation is null ? null : MonthlyCost.Recommended(facts, price, prices.HoursPerMonth);
        return new ProfileRow(profile, facts, now, recommended);
    }
}
