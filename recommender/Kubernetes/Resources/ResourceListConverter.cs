using System.Text.Json;
using System.Text.Json.Serialization;

namespace KernelTruth.Kubernetes.Resources;

/// <summary>
/// A ResourceList whose values are int-or-string (x-kubernetes-int-or-string): "cpu: 1" arrives as a JSON
/// number, "cpu: 500m" as a string. Numbers are kept as their literal text so no precision is lost.
/// </summary>
public sealed class ResourceListConverter : JsonConverter<Dictionary<string, string>>
{
    public override Dictionary<string, string>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("a resource list must be an object of resource name → quantity");
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            string name = reader.GetString()!;
            reader.Read();
            result[name] = reader.TokenType switch
            {
                JsonTokenType.String => reader.GetString()!,
                JsonTokenType.Number => System.Text.Encoding.UTF8.GetString(reader.ValueSpan),
                _ => throw new JsonException($"resource '{name}' must be a quantity (string or number)"),
            };
        }

        return result;
    }

    public override void Write(Utf8JsonWriter writer, Dictionary<string, string> value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var (name, quantity) in value.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            writer.WriteString(name, quantity);
        }

        writer.WriteEndObject();
    }
}
