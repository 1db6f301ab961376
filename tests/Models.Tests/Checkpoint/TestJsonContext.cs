using System.Text.Json.Serialization;
using KernelTruth.Models.Checkpoint;
using KernelTruth.Models.Recommendations;

namespace KernelTruth.Models.Tests.Checkpoint;

/// <summary>Source-generated JSON, as the recommender will persist checkpoints and publish recommendations.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(WorkloadModelCheckpoint))]
[JsonSerializable(typeof(Recommendation))]
internal sealed partial class TestJsonContext : JsonSerializerContext;
