using System.Text.Json;

namespace KernelTruth.Recommender.Checkpoint;

/// <summary>
/// The state file. Saves are atomic (write a temporary file, flush it to disk, rename over the
/// old one), so a crash mid-save leaves the previous checkpoint intact: a restart loses at most
/// one checkpoint interval.
/// </summary>
/// <remarks>
/// Two file formats, told apart by their first bytes: format 2 (written since; <see cref="CheckpointBinaryWriter"/>,
/// starts with "KTCP") and format 1, the JSON document earlier builds wrote (starts with '{'), still read so that an
/// upgrade keeps the history. Measured at 100 000 models (Recommender.Benchmarks): the JSON was ~2.5 KB per
/// container and took 2.5 s to write; the binary keeps every double's exact bits in fewer bytes and needs no
/// number formatting or parsing.
/// </remarks>
public static class CheckpointFile
{
    /// <summary>Large writes and reads: a 100 000-model file is ~100 MB.</summary>
    private const int BufferBytes = 1 << 20;

    public static void Save(string path, RecommenderCheckpoint checkpoint)
    {
        string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null)
        {
            Directory.CreateDirectory(dir);
        }

        string temp = path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, BufferBytes))
        {
            CheckpointBinaryWriter.Write(stream, checkpoint);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
    }

    /// <summary>The saved checkpoint (either format), or null when there is none yet.</summary>
    /// <exception cref="InvalidDataException">The file is not a checkpoint this version can read.</exception>
    public static RecommenderCheckpoint? Load(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        RecommenderCheckpoint? checkpoint;
        JsonDocument? document = null;
        try
        {
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferBytes))
            {
                Span<byte> head = stackalloc byte[4];
                int read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
                stream.Position = 0;
                try
                {
                    if (CheckpointBinaryReader.IsBinary(head[..read]))
                    {
                        checkpoint = CheckpointBinaryReader.Read(stream);
                    }
                    else
                    {
                        document = JsonDocument.Parse(stream);
                        checkpoint = document.RootElement.Deserialize(CheckpointJsonContext.Default.RecommenderCheckpoint);
                    }
                }
                catch (InvalidDataException ex)
                {
                    throw new InvalidDataException($"state file '{path}': {ex.Message}; move it away to start afresh", ex);
                }
                catch (JsonException ex)
                {
                    throw new InvalidDataException($"state file '{path}' is not a kernel-truth checkpoint ({ex.Message}); move it away to start afresh", ex);
                }
            }

            if (checkpoint is null || checkpoint.Version != RecommenderCheckpoint.CurrentVersion)
            {
                throw new InvalidDataException($"state file '{path}' has checkpoint version {checkpoint?.Version}, this build reads version {RecommenderCheckpoint.CurrentVersion}; move it away to start afresh");
            }

            // A JSON file may have been edited by hand: every number in it is checked. The binary format is only ever
            // written by us and its reader checks its own structure; its names are checked all the same.
            var errors = CheckpointValidator.Validate(document?.RootElement, checkpoint);
            return errors.Count == 0
                ? checkpoint
                : throw new InvalidDataException($"state file '{path}' is corrupt: {string.Join("; ", errors)}; move it away to start afresh");
        }
        finally
        {
            document?.Dispose();
        }
    }
}
