using KernelTruth.Models.Recommendations;
using KernelTruth.Models.Startup;
using KernelTruth.Recommender.Checkpoint;
using KernelTruth.Reports.Model;

namespace KernelTruth.Reports.Input;

/// <summary>
/// Reads what <c>ktruth watch --state FILE</c> saved (the recommender's checkpoint) and asks each
/// restored model for its recommendation at <c>now</c>, under the default policy.
/// </summary>
public static class StateReader
{
    /// <exception cref="ReportInputException">Missing, unreadable, or not a checkpoint this build reads.</exception>
    public static (IReadOnlyList<WorkloadFacts> Workloads, IReadOnlyList<string> Notes) Read(string path, RecommendationPolicy policy, DateTimeOffset now)
    {
        RecommenderCheckpoint checkpoint;
        try
        {
            checkpoint = CheckpointFile.Load(path) ?? throw new ReportInputException($"--from-state {path}: no such file");
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            throw new ReportInputException($"--from-state {path}: {ex.Message}", ex);
        }

        return FromCheckpoint(checkpoint, policy, now, $"--from-state {path}");
    }

    /// <summary>Facts for every workload of a checkpoint; one that cannot be restored or recommended is noted and left out.</summary>
    internal static (IReadOnlyList<WorkloadFacts> Workloads, IReadOnlyList<string> Notes) FromCheckpoint(RecommenderCheckpoint checkpoint, RecommendationPolicy policy, DateTimeOffset now, string source)
    {
        var workloads = new List<WorkloadFacts>(checkpoint.Workloads.Count);
        var notes = new List<string>();
        foreach (WorkloadCheckpoint w in checkpoint.Workloads)
        {
            if (w?.Workload is null || w.Model is null)
            {
                throw new ReportInputException($"{source}: a workload entry has no name or no model");
            }

            // The root cgroup holds the whole host: its requests are no one's and its cost counts every row twice.
            if (w.Workload.Trim('/').Length == 0)
            {
                notes.Add("/ (the root cgroup, the whole host) left out");
                continue;
            }

            try
            {
                var starts = w.Startups is { } saved ? StartupHistory.FromCheckpoint(saved).Summary() : null;
                workloads.Add(ModelFacts.From(w.Workload, WorkloadModel.FromCheckpoint(w.Model), policy, now, starts));
            }
            catch (Exception ex) when (ex is InvalidDataException or ArgumentException or InvalidOperationException or ArithmeticException)
            {
                notes.Add($"{w.Workload} left out: {ex.Message}");
            }
        }

        return (workloads, notes);
    }
}
