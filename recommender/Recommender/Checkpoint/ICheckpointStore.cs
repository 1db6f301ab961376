namespace KernelTruth.Recommender.Checkpoint;

/// <summary>
/// Where the loop's checkpoint phase saves what the models learned, and where start-up restores it from. The service
/// and <c>ktruth watch</c> keep it in a state file (<see cref="StateFileCheckpointStore"/>); a store of checkpoint
/// objects in the API server fits behind the same three members (the Lease holder saves, every replica loads).
/// </summary>
public interface ICheckpointStore
{
    /// <summary>The last saved checkpoint; null when none was saved yet (a fresh start).</summary>
    /// <exception cref="Exception">
    /// A checkpoint exists but cannot be read: the store's own exception, saying what to do; start-up stops on it.
    /// </exception>
    Task<RecommenderCheckpoint?> LoadAsync(CancellationToken cancellationToken);

    /// <summary>Replaces the saved checkpoint. A failure throws; the loop logs it and saves again at the next interval.</summary>
    Task SaveAsync(RecommenderCheckpoint checkpoint, CancellationToken cancellationToken);

    /// <summary>
    /// The exception start-up stops with when <paramref name="checkpoint"/> loaded but the models refused it (a model of
    /// another version, say), in this store's terms: which checkpoint, and what to move away to start afresh.
    /// </summary>
    Exception Refused(RecommenderCheckpoint checkpoint, InvalidDataException problem);
}
