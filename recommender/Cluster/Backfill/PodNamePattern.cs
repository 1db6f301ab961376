using System.Text.RegularExpressions;
using KernelTruth.Cluster.Attribution;

namespace KernelTruth.Cluster.Backfill;

/// <summary>
/// The pod names a workload's controller gives its pods, as a regular expression (RE2 for Prometheus, .NET for matching
/// back), so that history of pods that no longer exist (older ReplicaSets, evicted replicas) is found too. Names are
/// made by the controllers as: Deployment <c>name-{template hash}-{suffix}</c>, StatefulSet <c>name-{ordinal}</c>,
/// DaemonSet, Job and a ReplicaSet of its own <c>name-{suffix}</c>, CronJob <c>name-{schedule time}-{suffix}</c>; hashes
/// and suffixes never hold a '-'. A bare pod, or a controller we do not know, matches only the live pods' own names.
/// Worked example: Deployment "web" matches web-5d4f8-x7k2p but not web-api-5d4f8-x7k2p (one segment too many).
/// </summary>
public static class PodNamePattern
{
    private const string Segment = "[a-z0-9]+";

    /// <param name="livePods">The names of the workload's pods now; always matched.</param>
    public static string For(WorkloadRef workload, IEnumerable<string> livePods)
    {
        ArgumentNullException.ThrowIfNull(workload);
        string name = Escape(workload.Name);
        string? generated = workload.Kind switch
        {
            "Deployment" => $"{name}-{Segment}-{Segment}",
            "StatefulSet" => $"{name}-[0-9]+",
            "DaemonSet" or "Job" or "ReplicaSet" => $"{name}-{Segment}",
            "CronJob" => $"{name}-[0-9]+-{Segment}",
            _ => null,
        };
        var alternatives = livePods.Select(Escape).Order(StringComparer.Ordinal).ToList();
        if (generated is not null)
        {
            alternatives.Insert(0, generated);
        }

        return string.Join('|', alternatives.Distinct(StringComparer.Ordinal));
    }

    /// <summary>True when <paramref name="pod"/> matches <paramref name="pattern"/> whole, as Prometheus' =~ does.</summary>
    public static bool Matches(string pattern, string pod) =>
        Regex.IsMatch(pod, $"^(?:{pattern})$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    // Kubernetes names hold [a-z0-9.-]; only '.' means something in a regular expression.
    private static string Escape(string name) => name.Replace(".", "\\.", StringComparison.Ordinal);
}
