using System.Text.Json.Serialization;

namespace KernelTruth.Cluster.Api;

/// <summary>Source-generated JSON for every Kubernetes object this project reads or writes (camelCase, nulls omitted).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Pod))]
[JsonSerializable(typeof(MetadataOnly))]
[JsonSerializable(typeof(VerticalPodAutoscaler))]
[JsonSerializable(typeof(VpaStatus))]
[JsonSerializable(typeof(WorkloadProfile))]
[JsonSerializable(typeof(WorkloadProfileStatus))]
public sealed partial class KubernetesJsonContext : JsonSerializerContext
{
}
