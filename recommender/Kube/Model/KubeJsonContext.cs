using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace KernelTruth.Kube.Model;

/// <summary>
/// Source-generated metadata for the types the client itself needs. Callers bring their own
/// context for their own types; <see cref="JsonObject"/> is here for arbitrary shapes.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ObjectMeta))]
[JsonSerializable(typeof(ListMeta))]
[JsonSerializable(typeof(KubeStatus))]
[JsonSerializable(typeof(Lease))]
[JsonSerializable(typeof(ConfigMap))]
[JsonSerializable(typeof(TokenReview))]
[JsonSerializable(typeof(SubjectAccessReview))]
[JsonSerializable(typeof(Pod))]
[JsonSerializable(typeof(TokenReviewSpec))]
[JsonSerializable(typeof(TokenReviewStatus))]
[JsonSerializable(typeof(SubjectAccessReviewSpec))]
[JsonSerializable(typeof(SubjectAccessReviewStatus))]
[JsonSerializable(typeof(JsonObject))]
[JsonSerializable(typeof(JsonNode))]
[JsonSerializable(typeof(JsonArray))]
public sealed partial class KubeJsonContext : JsonSerializerContext;
