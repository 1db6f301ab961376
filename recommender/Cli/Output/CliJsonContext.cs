using System.Text.Json.Serialization;

namespace KernelTruth.Cli.Output;

/// <summary>
/// Source-generated JSON for ktruth's documents: camelCase, enums as names, durations as seconds,
/// a NaN written as "NaN" rather than failing the whole document.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    UseStringEnumConverter = true,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    Converters = [typeof(SecondsJsonConverter)])]
[JsonSerializable(typeof(RecommendDocument))]
[JsonSerializable(typeof(WatchDocument))]
internal sealed partial class CliJsonContext : JsonSerializerContext
{
    /// <summary>The version of every document ktruth prints; fields may be added, never renamed.</summary>
    public const string ApiVersion = "ktruth.io/v1";
}
