using System.Text.Json.Serialization;

namespace KernelTruth.Recommender.Checkpoint;

// RespectNullableAnnotations: a null where the records have none (a hand-edited or damaged file)
// fails the load with a JsonException instead of surfacing later as a NullReferenceException.
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = false, RespectNullableAnnotations = true)]
[JsonSerializable(typeof(RecommenderCheckpoint))]
[JsonSerializable(typeof(KernelTruth.Models.Checkpoint.WorkloadModelCheckpoint))]
[JsonSerializable(typeof(KernelTruth.Models.Checkpoint.StartupHistoryState))]
internal sealed partial class CheckpointJsonContext : JsonSerializerContext;
