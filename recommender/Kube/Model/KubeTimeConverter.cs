using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace KernelTruth.Kube.Model;

/// <summary>
/// metav1.Time: RFC 3339 in UTC with whole seconds ("2026-11-21T16:00:00Z"), as the API server
/// writes it. Reading accepts any RFC 3339 form.
/// </summary>
public sealed class KubeTimeConverter : JsonConverter<DateTimeOffset?>
{
    public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        KubeTimeFormat.Read(ref reader);

    public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options) =>
        KubeTimeFormat.Write(writer, value, "yyyy-MM-dd'T'HH:mm:ss'Z'");
}

/// <summary>
/// metav1.MicroTime (Lease acquireTime/renewTime): RFC 3339 with exactly six fractional digits,
/// which is the layout the API server parses for these fields.
/// </summary>
public sealed class KubeMicroTimeConverter : JsonConverter<DateTimeOffset?>
{
    public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        KubeTimeFormat.Read(ref reader);

    public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options) =>
        KubeTimeFormat.Write(writer, value, "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'");
}

internal static class KubeTimeFormat
{
    public static DateTimeOffset? Read(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        var text = reader.GetString();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value)
            ? value.ToUniversalTime()
            : throw new JsonException($"'{text}' is not an RFC 3339 time");
    }

    public static void Write(Utf8JsonWriter writer, DateTimeOffset? value, string format)
    {
        if (value is null)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteStringValue(value.Value.UtcDateTime.ToString(format, CultureInfo.InvariantCulture));
    }
}
