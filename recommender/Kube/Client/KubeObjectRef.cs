using System.Text.Json;

namespace KernelTruth.Kube.Client;

/// <summary>Namespace, name and version read from a raw object, whatever type it is decoded to.</summary>
internal readonly record struct KubeObjectRef(string? Namespace, string? Name, string? ResourceVersion)
{
    public string Key => Namespace is null ? Name ?? "" : $"{Namespace}/{Name}";

    public static KubeObjectRef From(JsonElement obj)
    {
        if (obj.ValueKind != JsonValueKind.Object || !obj.TryGetProperty("metadata", out var metadata)
            || metadata.ValueKind != JsonValueKind.Object)
        {
            return default;
        }

        return new KubeObjectRef(Text(metadata, "namespace"), Text(metadata, "name"), Text(metadata, "resourceVersion"));
    }

    private static string? Text(JsonElement metadata, string property) =>
        metadata.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

/// <summary>A list item decoded to T together with its identity.</summary>
internal readonly record struct KubeItem<T>(T Object, KubeObjectRef Ref);
