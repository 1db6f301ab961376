using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using KernelTruth.Kube.Model;

namespace KernelTruth.Kube.Client;

/// <summary>Decodes watch lines (<c>{"type":…,"object":…}</c>) and list bodies with the caller's type info.</summary>
internal static class WatchEventParser
{
    public static WatchEvent<T> Parse<T>(string line, JsonTypeInfo<T> type, string path)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            var typeText = root.TryGetProperty("type", out var t) ? t.GetString() : null;
            if (!root.TryGetProperty("object", out var obj))
            {
                throw new InvalidDataException($"watch {path}: event without an object: {Truncate(line)}");
            }

            var eventType = typeText switch
            {
                "ADDED" => WatchEventType.Added,
                "MODIFIED" => WatchEventType.Modified,
                "DELETED" => WatchEventType.Deleted,
                "BOOKMARK" => WatchEventType.Bookmark,
                "ERROR" => WatchEventType.Error,
                _ => throw new InvalidDataException($"watch {path}: unknown event type '{typeText}'"),
            };

            var objectRef = KubeObjectRef.From(obj);
            if (eventType == WatchEventType.Error)
            {
                var status = obj.Deserialize(KubeJsonContext.Default.KubeStatus) ?? new KubeStatus { Code = 500, Message = "empty ERROR event" };
                return new WatchEvent<T>(eventType, default, status, null, null, null);
            }

            return new WatchEvent<T>(eventType, obj.Deserialize(type), null, objectRef.Namespace, objectRef.Name, objectRef.ResourceVersion);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"watch {path}: undecodable event: {e.Message}: {Truncate(line)}", e);
        }
    }

    private static string Truncate(string text) => text.Length > 200 ? text[..200] + "…" : text;
}

internal static class ListParser
{
    public static (List<KubeItem<T>> Items, string? ResourceVersion, string? Continue) Parse<T>(JsonElement root, JsonTypeInfo<T> type, string path)
    {
        try
        {
            var meta = root.TryGetProperty("metadata", out var m) ? m.Deserialize(KubeJsonContext.Default.ListMeta) : null;
            var items = new List<KubeItem<T>>();
            if (root.TryGetProperty("items", out var array) && array.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in array.EnumerateArray())
                {
                    items.Add(new KubeItem<T>(item.Deserialize(type)!, KubeObjectRef.From(item)));
                }
            }

            return (items, meta?.ResourceVersion, string.IsNullOrEmpty(meta?.Continue) ? null : meta.Continue);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"list {path}: an item is not a {typeof(T).Name}: {e.Message}", e);
        }
    }
}
