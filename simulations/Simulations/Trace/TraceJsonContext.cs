using System.Text.Json.Serialization;

namespace KernelTruth.Simulations.Trace;

/// <summary>Source-generated JSON for traces: camelCase, strict numbers.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = false,
    NumberHandling = JsonNumberHandling.Strict,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CpuTrace))]
public sealed partial class TraceJsonContext : JsonSerializerContext;
