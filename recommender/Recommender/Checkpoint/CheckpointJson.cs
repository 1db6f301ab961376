using System.Text.Json;
using KernelTruth.Models.Checkpoint;

namespace KernelTruth.Recommender.Checkpoint;

/// <summary>
/// The per-model piece of the checkpoint format, for stores that keep each workload's model on its own (one API object
/// per workload container): the same source-generated JSON the state file writes for each entry of
/// <see cref="RecommenderCheckpoint.Workloads"/>, so both stores read and write one format.
/// </summary>
public static class CheckpointJson
{
    /// <summary>The model as UTF-8 JSON, byte for byte what the state file holds for it.</summary>
    public static byte[] SerializeModel(WorkloadModelCheckpoint model) =>
        JsonSerializer.SerializeToUtf8Bytes(model, CheckpointJsonContext.Default.WorkloadModelCheckpoint);

    /// <summary>A model from its JSON; its version is checked where it is restored (WorkloadModel.FromCheckpoint).</summary>
    /// <exception cref="InvalidDataException">Not JSON, or not a model (a missing or null required member).</exception>
    public static WorkloadModelCheckpoint DeserializeModel(string json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, CheckpointJsonContext.Default.WorkloadModelCheckpoint)
                ?? throw new InvalidDataException("the model is null");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"the model is not a kernel-truth model checkpoint ({ex.Message})", ex);
        }
    }

    /// <summary>A workload's start history as UTF-8 JSON, as the state file holds it.</summary>
    public static byte[] SerializeStartups(StartupHistoryState startups) =>
        JsonSerializer.SerializeToUtf8Bytes(startups, CheckpointJsonContext.Default.StartupHistoryState);

    /// <exception cref="InvalidDataException">Not JSON, or not a start history.</exception>
    public static StartupHistoryState DeserializeStartups(string json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, CheckpointJsonContext.Default.StartupHistoryState)
                ?? throw new InvalidDataException("the start history is null");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"the start history is not a kernel-truth start history ({ex.Message})", ex);
        }
    }
}
