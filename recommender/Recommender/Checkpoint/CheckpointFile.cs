using System.Text.Json;

namespace KernelTruth.Recommender.Checkpoint;

/// <summary>
/// The state file. Saves are atomic (write a temporary file, flush it to disk, rename over the
/// old one), so a crash mid-save leaves the previous checkpoint intact: a restart loses at most
/// one checkpoint interval.
/// </summary>
public static class CheckpointFile
{
    public static void Save(string path, RecommenderCheckpoint checkpoint)
    {
        string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null)
        {
            Directory.CreateDirectory(dir);
        }

        string temp = path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, checkpoint, CheckpointJsonContext.Default.RecommenderCheckpoint);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
    }

    /// <summary>The saved checkpoint, or null when there is none yet.</summary>
    /// <exception cref="InvalidDataException">The file is not a checkpoint this version can read.</exception>
    public static RecommenderCheckpoint? Load(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        RecommenderCheckpoint? checkpoint;
        using JsonDocument document = Parse(path);
        try
        {
            checkpoint = document.RootElement.Deserialize(CheckpointJsonContext.Default.RecommenderCheckpoint);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"state file '{path}' is not a kernel-truth checkpoint ({ex.Message}); move it away to start afresh", ex);
        }

        if (checkpoint is null || checkpoint.Version != RecommenderCheckpoint.CurrentVersion)
        {
            throw new InvalidDataException($"state file '{path}' has checkpoint version {checkpoint?.Version}, this build reads version {RecommenderCheckpoint.CurrentVersion}; move it away to start afresh");
        }

        var errors = CheckpointValidator.Validate(document.RootElement, checkpoint);
        return errors.Count == 0
            ? checkpoint
            : throw new InvalidDataException($"state file '{path}' is corrupt: {string.Join("; ", errors)}; move it away to start afresh");
    }

    private static JsonDocument Parse(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return JsonDocument.Parse(stream);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"state file '{path}' is not a kernel-truth checkpoint ({ex.Message}); move it away to start afresh", ex);
        }
    }
}
