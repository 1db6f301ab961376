using System.Globalization;
using System.Text.Json.Nodes;

namespace KernelTruth.Kube.TestServer.Semantics;

/// <summary>
/// RFC 6902 JSON patch (add, remove, replace, move, copy, test) with RFC 6901 pointers. A failed
/// operation or test fails the whole patch: 422 for a failed test or a missing path, as the
/// API server answers.
/// </summary>
internal static class JsonPatch
{
    public static JsonNode Apply(JsonNode document, JsonArray operations)
    {
        var root = new JsonObject { ["doc"] = document.DeepClone() }; // a parent for "" pointers
        var index = 0;
        foreach (var node in operations)
        {
            if (node is not JsonObject op || op["op"]?.GetValue<string>() is not { } name || op["path"]?.GetValue<string>() is not { } path)
            {
                throw ApiError.BadRequest($"json patch operation {index}: needs op and path");
            }

            var where = $"json patch operation {index} ({name} {path})";
            switch (name)
            {
                case "add": Add(root, path, Value(op, where), where); break;
                case "remove": Remove(root, path, where); break;
                case "replace": Remove(root, path, where); Add(root, path, Value(op, where), where); break;
                case "move":
                    var moved = Get(root, From(op, where), where);
                    Remove(root, From(op, where), where);
                    Add(root, path, moved, where);
                    break;
                case "copy": Add(root, path, Get(root, From(op, where), where)?.DeepClone(), where); break;
                case "test":
                    if (!JsonNode.DeepEquals(Get(root, path, where), op["value"]))
                    {
                        throw ApiError.Invalid($"{where}: test failed");
                    }

                    break;
                default: throw ApiError.BadRequest($"{where}: unknown op");
            }

            index++;
        }

        return root["doc"] ?? throw ApiError.Invalid("json patch removed the whole document");
    }

    private static JsonNode? Value(JsonObject op, string where) =>
        op.TryGetPropertyValue("value", out var value) ? value?.DeepClone() : throw ApiError.BadRequest($"{where}: needs value");

    private static string From(JsonObject op, string where) =>
        op["from"]?.GetValue<string>() ?? throw ApiError.BadRequest($"{where}: needs from");

    private static (JsonNode Parent, string Token) Locate(JsonObject root, string pointer, string where)
    {
        if (pointer.Length > 0 && pointer[0] != '/')
        {
            throw ApiError.BadRequest($"{where}: '{pointer}' is not a JSON pointer");
        }

        var tokens = pointer.Length == 0 ? [] : pointer[1..].Split('/').Select(t => t.Replace("~1", "/").Replace("~0", "~")).ToArray();
        JsonNode parent = root;
        var token = "doc";
        foreach (var next in tokens)
        {
            parent = Child(parent, token, where) ?? throw ApiError.Invalid($"{where}: path does not exist");
            token = next;
        }

        return (parent, token);
    }

    private static JsonNode? Child(JsonNode parent, string token, string where) => parent switch
    {
        JsonObject o => o[token],
        JsonArray a => a[ArrayIndex(a, token, where, allowEnd: false)],
        _ => throw ApiError.Invalid($"{where}: path goes through a value"),
    };

    private static JsonNode? Get(JsonObject root, string pointer, string where)
    {
        var (parent, token) = Locate(root, pointer, where);
        if (parent is JsonObject o && !o.ContainsKey(token))
        {
            throw ApiError.Invalid($"{where}: path does not exist");
        }

        return Child(parent, token, where);
    }

    private static void Add(JsonObject root, string pointer, JsonNode? value, string where)
    {
        var (parent, token) = Locate(root, pointer, where);
        switch (parent)
        {
            case JsonObject o: o[token] = value; break;
            case JsonArray a:
                if (token == "-") a.Add(value);
                else a.Insert(ArrayIndex(a, token, where, allowEnd: true), value);
                break;
            default: throw ApiError.Invalid($"{where}: parent is not an object or array");
        }
    }

    private static void Remove(JsonObject root, string pointer, string where)
    {
        var (parent, token) = Locate(root, pointer, where);
        switch (parent)
        {
            case JsonObject o when o.ContainsKey(token): o.Remove(token); break;
            case JsonArray a: a.RemoveAt(ArrayIndex(a, token, where, allowEnd: false)); break;
            default: throw ApiError.Invalid($"{where}: path does not exist");
        }
    }

    private static int ArrayIndex(JsonArray array, string token, string where, bool allowEnd)
    {
        if (!int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var i) || i > array.Count || (!allowEnd && i == array.Count))
        {
            throw ApiError.Invalid($"{where}: '{token}' is not an index of an array of {array.Count}");
        }

        return i;
    }
}
