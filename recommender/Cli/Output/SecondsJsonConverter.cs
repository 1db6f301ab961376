using System.Text.Json;
using System.Text.Json.Serialization;

namespace KernelTruth.Cli.Output;

/// <summary>Durations in ktruth's JSON are seconds as a number (0.01 = 10 ms), as Prometheus and the snapshot's *Seconds fields are.</summary>
internal sealed class SecondsJsonConverter : JsonConverter<TimeSpan>
{
    public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        TimeSpan.FromSeconds(reader.GetDouble());

    public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options) =>
        writer.WriteNumberValue(value.TotalSeconds);
}
