namespace KernelTruth.Recommender.Checkpoint;

/// <summary>
/// Checkpoints in one local file (<see cref="CheckpointFile"/>: versioned JSON, saved atomically). A file that exists
/// but cannot be used stops start-up with <see cref="StateFileException"/> and is left as it is: history is never
/// thrown away silently.
/// </summary>
public sealed class StateFileCheckpointStore(string path) : ICheckpointStore
{
    public string Path => path;

    public Task<RecommenderCheckpoint?> LoadAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            return Task.FromResult(CheckpointFile.Load(path));
        }
        catch (InvalidDataException ex)
        {
            throw new StateFileException(path, ex.Message, ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StateFileException(path, $"state file '{path}' cannot be read ({ex.Message}); fix its permissions or choose another path", ex);
        }
    }

    public Task SaveAsync(RecommenderCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        CheckpointFile.Save(path, checkpoint);
        return Task.CompletedTask;
    }

    public Exception Refused(RecommenderCheckpoint checkpoint, InvalidDataException problem) =>
        new StateFileException(path, $"state file '{path}' saved at {checkpoint.SavedAt:O}: {problem.Message}", problem);

    /// <summary>How logs name it: "state file '/var/lib/ktruth/state.json'".</summary>
    public override string ToString() => $"state file '{path}'";
}
