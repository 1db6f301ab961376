using KernelTruth.Contracts.Snapshot;
using KernelTruth.Models.Recommendations;
using KernelTruth.Recommender.Input;
using KernelTruth.Recommender.Logic;
using KernelTruth.Reports.Model;
using Microsoft.Extensions.Logging.Abstractions;

namespace KernelTruth.Reports.Input;

/// <summary>
/// A report from recorded snapshots: they are replayed, per node in time order, through the same
/// <see cref="RecommenderEngine"/> the recommender runs (snapshot → intervals → models), and each
/// model is then read as a state file's would be, at the last snapshot's time. The snapshots add what
/// a model does not keep: the usage average straight from the kernel's counter (Δ cpuStat.usageNs /
/// Δ time between a cgroup's first and last snapshot), OOM kills (Δ memory.oomKills), the memory peak (of the working set where known),
/// and labels <c>node</c>, <c>qos</c>, <c>pod</c> for grouping.
/// </summary>
public static class SnapshotReader
{
    /// <exception cref="ReportInputException">A path is missing or a file is not snapshots.</exception>
    public static (IReadOnlyList<WorkloadFacts> Workloads, IReadOnlyList<string> Notes) Read(IReadOnlyList<string> paths, RecommendationPolicy policy)
    {
        List<NodeSnapshot> snapshots = SnapshotFiles.Load(paths);
        if (snapshots.Count == 0)
        {
            throw new ReportInputException($"--from-snapshots {string.Join(' ', paths)}: no snapshots found (*.json, *.jsonl)");
        }

        snapshots.Sort((a, b) => a.Node != b.Node ? string.CompareOrdinal(a.Node, b.Node) : a.TakenAtUnixNs.CompareTo(b.TakenAtUnixNs));
        var engine = new RecommenderEngine(NullLogger.Instance);
        var notes = new List<string>();
        var extras = new Dictionary<string, CgroupSpan>(StringComparer.Ordinal);
        foreach (NodeSnapshot s in snapshots)
        {
            try
            {
                engine.Ingest(s);
            }
            catch (SnapshotRejectedException ex)
            {
                notes.Add($"snapshot of {s.Node} at {s.TakenAtUnixNs} ns left out: {ex.Message}");
                continue;
            }

            foreach (CgroupSnapshot c in s.Cgroups)
            {
                if (!extras.TryGetValue(c.Path, out CgroupSpan? span))
                {
                    extras[c.Path] = span = new CgroupSpan(s, c);
                }

                span.Extend(s, c);
            }
        }

        DateTimeOffset now = DateTimeOffset.FromUnixTimeMilliseconds(snapshots.Max(s => s.TakenAtUnixNs) / 1_000_000);
        var (workloads, modelNotes) = StateReader.FromCheckpoint(engine.ToCheckpoint(now), policy, now, "--from-snapshots");
        notes.AddRange(modelNotes);
        var enriched = workloads
            .Select(w => extras.TryGetValue(w.DisplayName, out CgroupSpan? span) ? span.Enrich(w) : w)
            .ToList();
        return (enriched, notes);
    }

    /// <summary>A cgroup's first and last snapshot, for the figures a model does not keep.</summary>
    private sealed class CgroupSpan(NodeSnapshot firstNode, CgroupSnapshot first)
    {
        private NodeSnapshot? _lastNode;
        private CgroupSnapshot? _last;
        private ulong _peak;

        public void Extend(NodeSnapshot node, CgroupSnapshot c)
        {
            _lastNode = node;
            _last = c;
            // On the working set where the sensor read it (usage minus inactive file, as VPA and KRR): the kernel's peak and
            // usage count page cache the kernel drops at will.
            _peak = Math.Max(_peak, c.Memory?.WorkingSetBytes ?? Math.Max(c.Memory?.PeakBytes ?? 0, c.Memory?.CurrentBytes ?? 0));
        }

        public WorkloadFacts Enrich(WorkloadFacts w)
        {
            NodeSnapshot lastNode = _lastNode ?? firstNode;
            CgroupSnapshot last = _last ?? first;
            double seconds = (lastNode.TakenAtUnixNs - firstNode.TakenAtUnixNs) / 1e9;
            double? usage = seconds > 0 && last.CpuStat?.UsageNs is ulong end && first.CpuStat?.UsageNs is ulong start && end >= start
                ? (end - start) / 1e9 / seconds
                : w.UsageAverageCores;
            long? ooms = last.Memory is { } m && first.Memory is { } m0 && m.OomKills >= m0.OomKills ? (long)(m.OomKills - m0.OomKills) : null;
            var labels = new Dictionary<string, string>(StringComparer.Ordinal) { ["node"] = lastNode.Node };
            AddIf(labels, "qos", last.Identity.Qos);
            AddIf(labels, "pod", last.Identity.PodUid);
            return w with
            {
                Labels = labels,
                UsageAverageCores = usage,
                OomKills = ooms,
                MemoryPeakBytes = _peak > 0 ? (long)_peak : w.MemoryPeakBytes,
                WindowSeconds = seconds > 0 ? seconds : w.WindowSeconds,
            };
        }

        private static void AddIf(Dictionary<string, string> labels, string key, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                labels[key] = value;
            }
        }
    }
}
