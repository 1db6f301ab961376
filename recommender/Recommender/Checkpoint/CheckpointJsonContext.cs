using System.Text.Json.Serialization;

namespace KernelTruth.Recommender.Checkpoint;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = false)]
[JsonSerializable(typeof(RecommenderCheckpoint))]
internal sealed partial class CheckpointJsonContext : JsonSerializerContext;
