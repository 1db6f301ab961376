using System.Text.Json;

namespace KernelTruth.Recommender.Checkpoint;

/// <summary>
/// What a state file must hold beyond its JSON shape, checked before any model is restored from it. Every number in
/// a checkpoint is a weight, a count, seconds, bytes or cores, so none is negative: a negative weight would turn a
/// percentile upside down, a negative period count a ratio. Workload names are the models' keys: never empty, never
/// twice (the second would silently replace the first). Every problem is reported at once, each with its JSON path.
/// </summary>
public static class CheckpointValidator
{
    /// <summary>Problems, at most this many listed; the rest counted.</summary>
    private const int MaxListed = 5;

    /// <param name="root">The file as JSON, whose every number is checked; null for the binary format (names only).</param>
    public static IReadOnlyList<string> Validate(JsonElement? root, RecommenderCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var errors = new List<string>();
        if (root is { } json)
        {
            NegativeNumbers(json, "$", errors);
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < checkpoint.Workloads.Count; i++)
        {
            var w = checkpoint.Workloads[i];
            if (w is null || w.Model is null)
            {
                errors.Add($"workloads[{i}] has no {(w is null ? "entry" : "model")}");
            }
            else if (string.IsNullOrWhiteSpace(w.Workload))
            {
                errors.Add($"workloads[{i}] has an empty name");
            }
            else if (!seen.Add(w.Workload))
            {
                errors.Add($"workloads[{i}] '{w.Workload}' is listed twice");
            }
        }

        return errors.Count <= MaxListed ? errors : [.. errors.Take(MaxListed), $"and {errors.Count - MaxListed} more"];
    }

    private static void NegativeNumbers(JsonElement element, string path, List<string> errors)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    NegativeNumbers(property.Value, $"{path}.{property.Name}", errors);
                }

                break;
            case JsonValueKind.Array:
                int i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    NegativeNumbers(item, $"{path}[{i++}]", errors);
                }

                break;
            case JsonValueKind.Number when element.GetRawText().StartsWith('-'):
                errors.Add($"{path} is {element.GetRawText()}: a checkpoint holds no negative numbers");
                break;
        }
    }
}
