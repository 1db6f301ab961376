using System.Globalization;
using System.Text.Json.Nodes;

namespace KernelTruth.Kube.TestServer.Semantics;

/// <summary>Reads and writes of metadata fields on raw objects.</summary>
internal static class ObjectFields
{
    public static JsonObject Metadata(JsonObject obj)
    {
        if (obj["metadata"] is JsonObject metadata)
        {
            return metadata;
        }

        if (obj["metadata"] is not null)
        {
            throw ApiError.BadRequest("metadata must be an object");
        }

        metadata = new JsonObject();
        obj["metadata"] = metadata;
        return metadata;
    }

    public static string? Text(JsonObject obj, string field) =>
        obj["metadata"] is JsonObject m && m[field] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public static string? Name(JsonObject obj) => Text(obj, "name");
    public static string? Namespace(JsonObject obj) => Text(obj, "namespace");
    public static string? ResourceVersion(JsonObject obj) => Text(obj, "resourceVersion");

    public static long Generation(JsonObject obj) =>
        // A value built in code is a JsonValue<int>, one parsed from a body is element-backed: read the text.
        obj["metadata"] is JsonObject m && m["generation"] is JsonValue v
        && long.TryParse(v.ToJsonString(), NumberStyles.None, CultureInfo.InvariantCulture, out var g) ? g : 0;

    public static IReadOnlyDictionary<string, string> Labels(JsonObject obj)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (obj["metadata"] is JsonObject m && m["labels"] is JsonObject l)
        {
            foreach (var (key, value) in l)
            {
                if (value is JsonValue v && v.TryGetValue<string>(out var text))
                {
                    labels[key] = text;
                }
            }
        }

        return labels;
    }

    public static string Version(long resourceVersion) => resourceVersion.ToString(CultureInfo.InvariantCulture);
}
