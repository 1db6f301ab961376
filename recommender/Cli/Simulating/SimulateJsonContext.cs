using System.Text.Json.Serialization;

namespace KernelTruth.Cli.Simulating;

/// <summary>Source-generated JSON for the simulate documents: camelCase, enums as names, NaN as "NaN".</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    UseStringEnumConverter = true,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(SimulateDocument))]
[JsonSerializable(typeof(List<SimulateDocument>))]
[JsonSerializable(typeof(HpaDocument))]
[JsonSerializable(typeof(CostDocument))]
internal sealed partial class SimulateJsonContext : JsonSerializerContext;
