using System.Text.Json.Serialization;

namespace KernelTruth.MetricsAdapter.Api;

// The custom and external metrics APIs' JSON (kubernetes/metrics pkg/apis/*/types.go); field names
// are those of the notes' v1beta1/v1beta2 table. Null members are omitted unless marked Never
// (the selector, which Go serializes as null).

internal sealed record ObjectReference(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("namespace")] string? Namespace,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("apiVersion")] string ApiVersion);

internal sealed record ListMeta;

internal sealed record MetricIdentifier(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("selector"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] object? Selector);

internal sealed record MetricValueV1Beta2(
    [property: JsonPropertyName("describedObject")] ObjectReference DescribedObject,
    [property: JsonPropertyName("metric")] MetricIdentifier Metric,
    [property: JsonPropertyName("timestamp")] string Timestamp,
    [property: JsonPropertyName("windowSeconds")] long? WindowSeconds,
    [property: JsonPropertyName("value")] string Value);

internal sealed record MetricValueV1Beta1(
    [property: JsonPropertyName("describedObject")] ObjectReference DescribedObject,
    [property: JsonPropertyName("metricName")] string MetricName,
    [property: JsonPropertyName("timestamp")] string Timestamp,
    [property: JsonPropertyName("window")] long? Window,
    [property: JsonPropertyName("value")] string Value,
    [property: JsonPropertyName("selector"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] object? Selector);

internal sealed record ExternalMetricValue(
    [property: JsonPropertyName("metricName")] string MetricName,
    [property: JsonPropertyName("metricLabels")] IReadOnlyDictionary<string, string> MetricLabels,
    [property: JsonPropertyName("timestamp")] string Timestamp,
    [property: JsonPropertyName("window")] long? Window,
    [property: JsonPropertyName("value")] string Value);

internal sealed record MetricValueListV1Beta2(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("apiVersion")] string ApiVersion,
    [property: JsonPropertyName("metadata")] ListMeta Metadata,
    [property: JsonPropertyName("items")] IReadOnlyList<MetricValueV1Beta2> Items);

internal sealed record MetricValueListV1Beta1(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("apiVersion")] string ApiVersion,
    [property: JsonPropertyName("metadata")] ListMeta Metadata,
    [property: JsonPropertyName("items")] IReadOnlyList<MetricValueV1Beta1> Items);

internal sealed record ExternalMetricValueList(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("apiVersion")] string ApiVersion,
    [property: JsonPropertyName("metadata")] ListMeta Metadata,
    [property: JsonPropertyName("items")] IReadOnlyList<ExternalMetricValue> Items);

internal sealed record ApiResource(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("singularName")] string SingularName,
    [property: JsonPropertyName("namespaced")] bool Namespaced,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("verbs")] IReadOnlyList<string> Verbs);

internal sealed record ApiResourceList(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("apiVersion")] string ApiVersion,
    [property: JsonPropertyName("groupVersion")] string GroupVersion,
    [property: JsonPropertyName("resources")] IReadOnlyList<ApiResource> Resources);

internal sealed record GroupVersionForDiscovery(
    [property: JsonPropertyName("groupVersion")] string GroupVersion,
    [property: JsonPropertyName("version")] string Version);

internal sealed record ApiGroup(
    [property: JsonPropertyName("kind")] string? Kind,
    [property: JsonPropertyName("apiVersion")] string? ApiVersion,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("versions")] IReadOnlyList<GroupVersionForDiscovery> Versions,
    [property: JsonPropertyName("preferredVersion")] GroupVersionForDiscovery PreferredVersion);

internal sealed record ApiGroupList(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("apiVersion")] string ApiVersion,
    [property: JsonPropertyName("groups")] IReadOnlyList<ApiGroup> Groups);

internal sealed record StatusDetails(
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("group")] string? Group,
    [property: JsonPropertyName("kind")] string? Kind);

/// <summary>metav1.Status, the body of every error.</summary>
internal sealed record Status(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("apiVersion")] string ApiVersion,
    [property: JsonPropertyName("metadata")] ListMeta Metadata,
    [property: JsonPropertyName("status")] string StatusText,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("details")] StatusDetails? Details,
    [property: JsonPropertyName("code")] int Code);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(MetricValueListV1Beta2))]
[JsonSerializable(typeof(MetricValueListV1Beta1))]
[JsonSerializable(typeof(ExternalMetricValueList))]
[JsonSerializable(typeof(ApiResourceList))]
[JsonSerializable(typeof(ApiGroup))]
[JsonSerializable(typeof(ApiGroupList))]
[JsonSerializable(typeof(Status))]
internal sealed partial class AdapterJsonContext : JsonSerializerContext
{
    /// <summary>
    /// With relaxed escaping: quotes and apostrophes in messages stay readable ("pod 'x'") as Go
    /// writes them; the bodies are application/json, never embedded in HTML.
    /// </summary>
    public static AdapterJsonContext Relaxed { get; } = new(new System.Text.Json.JsonSerializerOptions
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    });
}
