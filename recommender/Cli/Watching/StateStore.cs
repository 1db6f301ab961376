using KernelTruth.Cli.Commands;
using KernelTruth.Recommender.Checkpoint;
using KernelTruth.Recommender.Logic;
using Microsoft.Extensions.Logging;

namespace KernelTruth.Cli.Watching;

/// <summary>
/// watch's --state file: models restored at start, saved every checkpoint interval and at exit
/// through <see cref="CheckpointFile"/> (atomic, versioned). A periodic save that fails is logged
/// and retried at the next one; the save at exit reports its failure.
/// </summary>
internal sealed partial class StateStore(string path, TimeProvider time, ILogger logger)
{
    private long _lastSave = time.GetTimestamp();

    public string Path => path;

    /// <summary>Restores what an earlier run saved; returns the number of workloads, 0 when there is no file yet.</summary>
    /// <exception cref="CliFailure">The file exists but cannot be read as a checkpoint of this version.</exception>
    public int Restore(RecommenderEngine engine)
    {
        try
        {
            var checkpoint = CheckpointFile.Load(path);
            if (checkpoint is null)
            {
                return 0;
            }

            engine.Restore(checkpoint);
            return checkpoint.Workloads.Count;
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            throw new CliFailure($"cannot restore --state {path}: {ex.Message}", inner: ex);
        }
    }

    /// <summary>Saves when <paramref name="every"/> has passed since the last save.</summary>
    public void SaveIfDue(RecommenderEngine engine, TimeSpan every)
    {
        if (time.GetElapsedTime(_lastSave) < every)
        {
            return;
        }

        try
        {
            Save(engine);
        }
        catch (CliFailure ex)
        {
            Log.SaveFailed(logger, path, ex.InnerException ?? ex);
        }
    }

    /// <exception cref="CliFailure">The file could not be written.</exception>
    public void Save(RecommenderEngine engine)
    {
        _lastSave = time.GetTimestamp();
        try
        {
            CheckpointFile.Save(path, engine.ToCheckpoint(time.GetUtcNow()));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliFailure($"cannot save --state {path}: {ex.Message}", inner: ex);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "State file '{Path}' could not be saved; retrying at the next checkpoint")]
        public static partial void SaveFailed(ILogger logger, string path, Exception ex);
    }
}
