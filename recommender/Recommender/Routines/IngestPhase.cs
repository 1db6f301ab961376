using KernelTruth.Contracts.Snapshot;
using KernelTruth.Contracts.Sources;
using KernelTruth.Recommender.Input;
using KernelTruth.Recommender.Logic;
using Microsoft.Extensions.Logging;

namespace KernelTruth.Recommender.Routines;

/// <summary>
/// One loop's ingest: this loop's sensors, all read at once (each within its own timeout, so a slow or missing sensor
/// loses only its node's data), then their snapshots fed to the engine in the order the sensors came. A read that
/// fails, or a snapshot the models reject, is logged with its sensor and reported; the other snapshots go in.
/// </summary>
internal sealed class IngestPhase(RecommenderEngine engine, ISnapshotSources sources, TimeProvider time, ILogger logger)
{
    /// <summary>What was read (rejected snapshots included), the counts, and every problem in one line (null when none).</summary>
    public async Task<(IReadOnlyList<NodeSnapshot> Snapshots, IngestCounts Counts, string? Problem)> RunAsync(CancellationToken ct)
    {
        var current = await sources.ForLoopAsync(ct).ConfigureAwait(false);
        var reads = await Task.WhenAll(current.Select(s => ReadAsync(s, ct))).ConfigureAwait(false);
        var problems = reads.Select(r => r.Problem).OfType<string>().ToList();
        var snapshots = new List<NodeSnapshot>(reads.Length);
        int intervals = 0;
        foreach (var (source, snapshot, _) in reads)
        {
            if (snapshot is null)
            {
                continue;
            }

            snapshots.Add(snapshot);
            var (used, problem) = Ingest(source, snapshot);
            intervals += used;
            if (problem is not null)
            {
                problems.Add(problem);
            }
        }

        RecommenderLoop.Log.Ingested(logger, snapshots.Count, current.Count, intervals);
        var counts = new IngestCounts(snapshots.Count, reads.Length - snapshots.Count, intervals);
        return (snapshots, counts, problems.Count == 0 ? null : string.Join("; ", problems));
    }

    /// <summary>Feeds one snapshot: intervals used, and why it was not used, if so.</summary>
    private (int Intervals, string? Problem) Ingest(ISnapshotSource source, NodeSnapshot snapshot)
    {
        try
        {
            return (engine.Ingest(snapshot, time.GetUtcNow()), null);
        }
        catch (SnapshotRejectedException ex)
        {
            RecommenderLoop.Log.SnapshotRejected(logger, Name(source), ex.Message);
            return (0, ex.Message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A bug, not bad input; still only this snapshot is lost, the other sensors' go in.
            RecommenderLoop.Log.IngestFailed(logger, snapshot.Node, Name(source), ex);
            return (0, $"node '{snapshot.Node}': {ex.Message}");
        }
    }

    private async Task<(ISnapshotSource Source, NodeSnapshot? Snapshot, string? Problem)> ReadAsync(ISnapshotSource source, CancellationToken ct)
    {
        try
        {
            return (source, await source.ReadAsync(ct).ConfigureAwait(false), null);
        }
        catch (SnapshotSourceException ex) when (!ct.IsCancellationRequested)
        {
            RecommenderLoop.Log.ReadFailed(logger, ex.Sensor, ex.Message);
            return (source, null, ex.Message);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            string sensor = Name(source);
            RecommenderLoop.Log.ReadFailedUnexpectedly(logger, sensor, ex);
            return (source, null, $"{sensor}: {ex.Message}");
        }
    }

    private static string Name(ISnapshotSource source) => source.ToString() ?? source.GetType().Name;
}
