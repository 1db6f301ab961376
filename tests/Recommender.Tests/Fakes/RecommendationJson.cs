using System.Text.Json;
using KernelTruth.Recommender.Logic;

namespace KernelTruth.Recommender.Tests.Fakes;

/// <summary>
/// Recommendations as text, to compare two of them exactly: records holding lists (evidence
/// notes) are not equal by value, their JSON is. NaN or infinity anywhere fails the serialisation.
/// </summary>
internal static class RecommendationJson
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true };

    public static string Of(IEnumerable<WorkloadRecommendation> recommendations) =>
        JsonSerializer.Serialize(recommendations.OrderBy(r => r.Workload, StringComparer.Ordinal).ToList(), Options);
}
