using System.Text.Json;
using k8s;

namespace KernelTruth.Kubernetes.Resources;

/// <summary>
/// Reads WorkloadProfiles as <c>kubectl get ktp -A -o json</c> prints them (a List with items), a bare array, or one
/// profile, into <see cref="WorkloadProfile"/> with the API client's own serializer, so a file and the cluster agree on
/// every field. Items are read one by one so that an error names the item and the field:
/// "item 3 (shop/deployment-web-app): status.measured.oomKills must be a whole number". Every item comes back, in
/// order: item i of the input is element i of the result.
/// </summary>
public static class WorkloadProfileReader
{
    /// <exception cref="FormatException">Not JSON, not WorkloadProfiles, or a field of the wrong type; the message names it.</exception>
    public static IReadOnlyList<WorkloadProfile> Read(Stream json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            throw new FormatException($"not valid JSON ({e.Message})", e);
        }

        using (document)
        {
            return [.. Items(document.RootElement).Select(Profile)];
        }
    }

    /// <inheritdoc cref="Read(Stream)"/>
    public static IReadOnlyList<WorkloadProfile> Read(string json) => Read(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json)));

    /// <summary>How errors name an item: "item 3 (shop/deployment-web-app)".</summary>
    public static string Describe(int index, WorkloadProfile profile) =>
        $"item {index} ({profile.Metadata?.NamespaceProperty}/{profile.Metadata?.Name})";

    private static IEnumerable<JsonElement> Items(JsonElement root) => root.ValueKind switch
    {
        JsonValueKind.Array => root.EnumerateArray(),
        JsonValueKind.Object when root.TryGetProperty("items", out var items) =>
            items.ValueKind == JsonValueKind.Array ? items.EnumerateArray() : throw new FormatException("items must be a list"),
        JsonValueKind.Object => [root],
        _ => throw new FormatException(
            $"expected a List of WorkloadProfiles (kubectl get ktp -A -o json), an array or one profile, found a JSON {root.ValueKind.ToString().ToLowerInvariant()}"),
    };

    private static WorkloadProfile Profile(JsonElement item, int index)
    {
        string where = $"item {index}";
        if (item.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"{where}: must be an object");
        }

        // Identity first, from the raw JSON: a Pod in the list must say "kind", not fail on its spec.
        Expect(item, "kind", WorkloadProfile.Resource.Kind, where);
        Expect(item, "apiVersion", WorkloadProfile.Resource.ApiVersion, where);
        if (Text(item, "metadata", "namespace") is { } ns && Text(item, "metadata", "name") is { } name)
        {
            where = $"{where} ({ns}/{name})";
        }

        WorkloadProfile profile;
        try
        {
            profile = KubernetesJson.Deserialize<WorkloadProfile>(item.GetRawText());
        }
        catch (JsonException e)
        {
            throw new FormatException($"{where}: {JsonProblem.Describe(e)}", e);
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException)
        {
            throw new FormatException($"{where}: {e.Message}", e);
        }

        if (string.IsNullOrEmpty(profile.Metadata?.Name))
        {
            throw new FormatException($"{where}: metadata.name is required");
        }

        return string.IsNullOrEmpty(profile.Metadata.NamespaceProperty) ? throw new FormatException($"{where}: metadata.namespace is required") : profile;
    }

    private static void Expect(JsonElement item, string field, string expected, string where)
    {
        if (item.TryGetProperty(field, out var value) && value.ValueKind != JsonValueKind.Null
            && (value.ValueKind != JsonValueKind.String || value.GetString() != expected))
        {
            throw new FormatException($"{where}: {field} must be {expected} (was {(value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText())})");
        }
    }

    private static string? Text(JsonElement item, string outer, string inner) =>
        item.TryGetProperty(outer, out var o) && o.ValueKind == JsonValueKind.Object && o.TryGetProperty(inner, out var i) && i.ValueKind == JsonValueKind.String
            ? i.GetString()
            : null;
}
