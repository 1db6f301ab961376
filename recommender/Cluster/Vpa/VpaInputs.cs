using KernelTruth.Cluster.Attribution;
using KernelTruth.Models.Recommendations;

namespace KernelTruth.Cluster.Vpa;

/// <summary>
/// Everything one VPA's status is built from.
/// </summary>
/// <param name="Target">The target's description for messages, e.g. "Deployment shop/web".</param>
/// <param name="PodsMatched">Live pods of the target.</param>
/// <param name="Containers">The target's containers: its pods' and those with history.</param>
/// <param name="Current">Requests/limits of each container in the target's newest pod.</param>
/// <param name="Recommend">The model's recommendation for a container under a policy; null = no history. May throw <see cref="ArgumentException"/>.</param>
public sealed record VpaInputs(
    string Target,
    int PodsMatched,
    IReadOnlyCollection<string> Containers,
    IReadOnlyDictionary<string, CurrentResources> Current,
    Func<string, RecommendationPolicy, Recommendation?> Recommend);
