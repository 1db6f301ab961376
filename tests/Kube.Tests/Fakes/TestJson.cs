using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace KernelTruth.Kube.Tests.Fakes;

/// <summary>A caller-owned type, as the domain code will have its own (VPA, WorkloadProfile…).</summary>
public sealed class Widget
{
    public string? ApiVersion { get; set; } = "ktruth.io/v1alpha1";
    public string? Kind { get; set; } = "WorkloadProfile";
    public KernelTruth.Kube.Model.ObjectMeta? Metadata { get; set; }
    public WidgetSpec? Spec { get; set; }
    public WidgetStatus? Status { get; set; }
}

public sealed class WidgetSpec
{
    public int Replicas { get; set; }
}

public sealed class WidgetStatus
{
    public string? Phase { get; set; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Widget))]
public sealed partial class TestJsonContext : JsonSerializerContext;

internal static class Objects
{
    public static JsonObject ConfigMap(string name, string ns = "default", Dictionary<string, string>? labels = null, string value = "v")
    {
        var metadata = new JsonObject { ["name"] = name, ["namespace"] = ns };
        if (labels is not null)
        {
            metadata["labels"] = new JsonObject(labels.Select(l => KeyValuePair.Create(l.Key, (JsonNode?)l.Value)));
        }

        return new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ConfigMap", ["metadata"] = metadata, ["data"] = new JsonObject { ["k"] = value } };
    }
}
