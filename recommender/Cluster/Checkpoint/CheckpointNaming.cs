using System.Text.RegularExpressions;
using KernelTruth.Cluster.Profiles;

namespace KernelTruth.Cluster.Checkpoint;

/// <summary>
/// WorkloadCheckpoint names and labels. All checkpoints live in the recommender's namespace, so the name carries the
/// workload's: "&lt;namespace&gt;.&lt;lowercase kind&gt;.&lt;name&gt;.&lt;container&gt;" (shop/Deployment/web/app →
/// "shop.deployment.web.app"), a DNS-1123 subdomain, cut and hashed past 253 characters as profile names are. The name
/// only finds the object: <c>spec.workload</c> says whose model it is.
/// </summary>
public static partial class CheckpointNaming
{
    /// <summary>Every checkpoint object carries it, so a list of them selects nothing else.</summary>
    public const string ManagedByLabel = "app.kubernetes.io/managed-by";

    public const string ManagedBy = "ktruth-recommender";

    public static string Name(string workloadKey)
    {
        string raw = workloadKey.Replace('/', '.').ToLowerInvariant();
        return ProfileNaming.Fit(NotDns().Replace(raw, "-").Trim('-', '.'), 253);
    }

    /// <summary>
    /// The one object holding the global demand forecaster. Without a dot it is no workload's name (those have at least
    /// three); its <c>spec.workload</c>, <see cref="ForecasterKey"/>, parses as no cluster workload, so it is never collected.
    /// </summary>
    public const string ForecasterName = "ktruth-demand-forecaster";

    public const string ForecasterKey = "(demand-forecaster)";

    public static Dictionary<string, string> Labels() => new(StringComparer.Ordinal) { [ManagedByLabel] = ManagedBy };

    [GeneratedRegex("[^a-z0-9.-]")]
    private static partial Regex NotDns();
}
