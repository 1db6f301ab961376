using System.Text.Json;
using KernelTruth.Contracts.Snapshot;

namespace KernelTruth.Reports.Input;

/// <summary>
/// Loads recorded sensor snapshots (GET /v1/snapshot bodies). Each path is a file or
/// a directory (its *.json and *.jsonl files, not recursive); a file holds one snapshot, a JSON array
/// of snapshots, or one snapshot per line.
/// </summary>
internal static class SnapshotFiles
{
    public static List<NodeSnapshot> Load(IReadOnlyList<string> paths)
    {
        var snapshots = new List<NodeSnapshot>();
        foreach (string path in paths)
        {
            if (Directory.Exists(path))
            {
                foreach (string file in Directory.EnumerateFiles(path).Where(f => f.EndsWith(".json", StringComparison.Ordinal) || f.EndsWith(".jsonl", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
                {
                    LoadFile(file, snapshots);
                }
            }
            else if (File.Exists(path))
            {
                LoadFile(path, snapshots);
            }
            else
            {
                throw new ReportInputException($"--from-snapshots {path}: no such file or directory");
            }
        }

        return snapshots;
    }

    private static void LoadFile(string file, List<NodeSnapshot> into)
    {
        string text;
        try
        {
            text = File.ReadAllText(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ReportInputException($"--from-snapshots {file}: {ex.Message}", ex);
        }

        string trimmed = text.TrimStart();
        try
        {
            if (trimmed.StartsWith('['))
            {
                foreach (JsonElement e in JsonDocument.Parse(trimmed).RootElement.EnumerateArray())
                {
                    into.Add(Snapshot(e.GetRawText(), file));
                }
            }
            else if (TryWhole(trimmed, file) is NodeSnapshot one)
            {
                into.Add(one);
            }
            else
            {
                foreach (string line in trimmed.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    into.Add(Snapshot(line, file));
                }
            }
        }
        catch (JsonException ex)
        {
            throw new ReportInputException($"--from-snapshots {file}: not a sensor snapshot ({ex.Message})", ex);
        }
    }

    private static NodeSnapshot? TryWhole(string text, string file)
    {
        try
        {
            return Snapshot(text, file);
        }
        catch (JsonException) when (text.Contains('\n', StringComparison.Ordinal))
        {
            return null; // several lines, each a snapshot
        }
    }

    private static NodeSnapshot Snapshot(string json, string file)
    {
        NodeSnapshot snapshot = JsonSerializer.Deserialize(json, SnapshotJsonContext.Default.NodeSnapshot)
            ?? throw new ReportInputException($"--from-snapshots {file}: null where a snapshot should be");
        return snapshot.ApiVersion == NodeSnapshot.CurrentApiVersion
            ? snapshot
            : throw new ReportInputException($"--from-snapshots {file}: apiVersion must be {NodeSnapshot.CurrentApiVersion} (was {snapshot.ApiVersion})");
    }
}
