using System.Text.Json.Serialization;

namespace KernelTruth.Contracts.Snapshot;

/// <summary>Source-generated JSON for the snapshot contract: camelCase, nulls written as null.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = false,
    NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(NodeSnapshot))]
public sealed partial class SnapshotJsonContext : JsonSerializerContext;
