using KernelTruth.Contracts.Snapshot;
using KernelTruth.Contracts.Sources;
using KernelTruth.Models.Recommendations;
using KernelTruth.Recommender.Checkpoint;
using KernelTruth.Recommender.Configuration;
using KernelTruth.Recommender.Input;
using KernelTruth.Recommender.Logic;
using KernelTruth.Recommender.Output;
using Microsoft.Extensions.Logging;

namespace KernelTruth.Recommender.Routines;

/// <summary>
/// The recommender's routines around one <see cref="RecommenderEngine"/>: ingest (read every
/// sensor, feed the models), fit (recommend, publish to the store) and checkpoint (save the state
/// file). Each phase is named, timed, and catches its own failures, so one failing never stops the
/// next. The engine is not thread-safe: every use of it is under one gate, so the phases may run
/// from separate schedulers (the service's three Quartz jobs) or in order from
/// <see cref="RunOnceAsync"/> (single host). Sensor reads and file writes happen outside the gate.
/// </summary>
public sealed partial class RecommenderLoop
{
    private readonly RecommenderEngine _engine;
    private readonly IReadOnlyList<ISnapshotSource> _sources;
    private readonly IRecommendationStore _store;
    private readonly RecommenderOptions _options;
    private readonly RecommendationPolicy _policy;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly RoutineHealth _health;
    private readonly SemaphoreSlim _engineGate = new(1, 1);
    private readonly SemaphoreSlim _saveGate = new(1, 1);
    private readonly long[] _lastStartedUtcTicks = [0, 0, 0];

    public RecommenderLoop(RecommenderEngine engine, IEnumerable<ISnapshotSource> sources, IRecommendationStore store, RecommenderOptions options, TimeProvider time, ILogger<RecommenderLoop> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        _engine = engine;
        _sources = [.. sources];
        _store = store;
        _options = options;
        _policy = options.ToPolicy();
        _time = time;
        _logger = logger;
        _health = new RoutineHealth(time, options);

        // The first checkpoint is due one interval after start: until then the file already holds
        // everything (restored) or there is nothing to lose (fresh start).
        _lastStartedUtcTicks[(int)RoutinePhase.Checkpoint] = time.GetUtcNow().UtcTicks;
    }

    /// <summary>Healthy = every routine finished within 5× its interval; the reason says how long ago each did.</summary>
    public bool IsHealthy(out string reason) => _health.IsHealthy(out reason);

    /// <summary>
    /// Loads the state file into the engine before anything runs. A missing file is a fresh start;
    /// a file that cannot be read, is of another version, or holds a model that cannot be restored
    /// throws <see cref="StateFileException"/> saying what to do. Nothing is discarded silently.
    /// </summary>
    public RestoreResult RestoreFromStateFile()
    {
        string path = _options.StateFile;
        RecommenderCheckpoint? checkpoint;
        try
        {
            checkpoint = CheckpointFile.Load(path);
        }
        catch (InvalidDataException ex)
        {
            throw new StateFileException(path, ex.Message, ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StateFileException(path, $"state file '{path}' cannot be read ({ex.Message}); fix its permissions or set StateFile to another path", ex);
        }

        if (checkpoint is null)
        {
            Log.FreshStart(_logger, path);
            return new RestoreResult(0, null);
        }

        _engineGate.Wait();
        try
        {
            _engine.Restore(checkpoint);
        }
        catch (InvalidDataException ex)
        {
            throw new StateFileException(path, $"state file '{path}' saved at {checkpoint.SavedAt:O}: {ex.Message}", ex);
        }
        finally
        {
            _engineGate.Release();
        }

        Log.Restored(_logger, checkpoint.Workloads.Count, path, checkpoint.SavedAt);
        return new RestoreResult(checkpoint.Workloads.Count, checkpoint.SavedAt);
    }

    /// <summary>One loop: ingest, then fit and checkpoint when their intervals have passed.</summary>
    public async Task<LoopReport> RunOnceAsync(CancellationToken cancellationToken)
    {
        var phases = new List<PhaseReport>(3) { await IngestAsync(cancellationToken).ConfigureAwait(false) };
        phases.Add(IsDue(RoutinePhase.Fit, _options.FitInterval) ? await FitAsync(cancellationToken).ConfigureAwait(false) : NotDue(RoutinePhase.Fit));
        phases.Add(IsDue(RoutinePhase.Checkpoint, _options.CheckpointInterval) ? await CheckpointAsync(cancellationToken).ConfigureAwait(false) : NotDue(RoutinePhase.Checkpoint));
        return new LoopReport(phases);
    }

    /// <summary>
    /// Single-host scheduling without Quartz: <see cref="RunOnceAsync"/> every ingest interval until
    /// cancelled, then one last checkpoint so a clean stop loses nothing.
    /// </summary>
    public async Task RunForeverAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.IngestInterval, _time);
        try
        {
            do
            {
                await RunOnceAsync(cancellationToken).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
        }
        finally
        {
            if (cancellationToken.IsCancellationRequested)
            {
                await CheckpointAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Reads every sensor (concurrently), then feeds each snapshot to the engine in source order.</summary>
    public Task<PhaseReport> IngestAsync(CancellationToken cancellationToken) => RunPhaseAsync(RoutinePhase.Ingest, async ct =>
    {
        var snapshots = await Task.WhenAll(_sources.Select(s => ReadAsync(s, ct))).ConfigureAwait(false);
        var problems = snapshots.Select(s => s.Problem).OfType<string>().ToList();
        int intervals = 0;
        IReadOnlyList<WorkloadActivity> activity;
        await _engineGate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            foreach (var (source, snapshot, _) in snapshots)
            {
                if (snapshot is null)
                {
                    continue;
                }

                var (used, problem) = Ingest(source, snapshot);
                intervals += used;
                if (problem is not null)
                {
                    problems.Add(problem);
                }
            }

            activity = _engine.Activity();
        }
        finally
        {
            _engineGate.Release();
        }

        _store.Publish(new ActivitySet(_time.GetUtcNow(), activity));
        Log.Ingested(_logger, snapshots.Count(s => s.Snapshot is not null), _sources.Count, intervals);
        return problems.Count == 0 ? null : string.Join("; ", problems);
    }, cancellationToken);

    /// <summary>Recommends for every workload and publishes the set, sorted by workload.</summary>
    public Task<PhaseReport> FitAsync(CancellationToken cancellationToken) => RunPhaseAsync(RoutinePhase.Fit, async ct =>
    {
        var now = _time.GetUtcNow();
        IReadOnlyList<WorkloadRecommendation> recommendations;
        await _engineGate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            recommendations = _engine.Recommend(_policy, now);
        }
        finally
        {
            _engineGate.Release();
        }

        _store.Publish(new RecommendationSet(now, recommendations));
        int failed = recommendations.Count(r => r.Recommendation is null);
        Log.Fitted(_logger, recommendations.Count - failed, failed);
        return failed == 0 ? null : $"{failed} of {recommendations.Count} workloads have no recommendation (logged with their names)";
    }, cancellationToken);

    /// <summary>Saves the engine's state: taken under the gate, written outside it, atomically.</summary>
    public Task<PhaseReport> CheckpointAsync(CancellationToken cancellationToken) => RunPhaseAsync(RoutinePhase.Checkpoint, async ct =>
    {
        await _saveGate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            RecommenderCheckpoint checkpoint;
            await _engineGate.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                checkpoint = _engine.ToCheckpoint(_time.GetUtcNow());
            }
            finally
            {
                _engineGate.Release();
            }

            CheckpointFile.Save(_options.StateFile, checkpoint);
            Log.Saved(_logger, checkpoint.Workloads.Count, _options.StateFile);
            return null;
        }
        finally
        {
            _saveGate.Release();
        }
    }, cancellationToken);

    /// <summary>Feeds one snapshot: intervals used, and why it was not used, if so. Caller holds the gate.</summary>
    private (int Intervals, string? Problem) Ingest(ISnapshotSource source, NodeSnapshot snapshot)
    {
        try
        {
            return (_engine.Ingest(snapshot), null);
        }
        catch (SnapshotRejectedException ex)
        {
            Log.SnapshotRejected(_logger, source.ToString() ?? "?", ex.Message);
            return (0, ex.Message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A bug, not bad input; still only this snapshot is lost, the other sensors' go in.
            Log.IngestFailed(_logger, snapshot.Node, source.ToString() ?? "?", ex);
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
            Log.ReadFailed(_logger, ex.Sensor, ex.Message);
            return (source, null, ex.Message);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            string sensor = source.ToString() ?? source.GetType().Name;
            Log.ReadFailedUnexpectedly(_logger, sensor, ex);
            return (source, null, $"{sensor}: {ex.Message}");
        }
    }

    /// <summary>Times a phase, catches and logs its failure, and marks it finished for health.</summary>
    private async Task<PhaseReport> RunPhaseAsync(RoutinePhase phase, Func<CancellationToken, Task<string?>> body, CancellationToken ct)
    {
        Interlocked.Exchange(ref _lastStartedUtcTicks[(int)phase], _time.GetUtcNow().UtcTicks);
        long started = _time.GetTimestamp();
        PhaseReport report;
        try
        {
            string? problem = await body(ct).ConfigureAwait(false);
            report = new PhaseReport(phase, problem is null ? PhaseOutcome.Completed : PhaseOutcome.Failed, _time.GetElapsedTime(started), problem);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            Log.PhaseFailed(_logger, phase, ex);
            report = new PhaseReport(phase, PhaseOutcome.Failed, _time.GetElapsedTime(started), ex.Message);
        }

        _health.Finished(phase);
        Log.PhaseFinished(_logger, phase, report.Outcome, report.Elapsed.TotalMilliseconds);
        return report;
    }

    /// <summary>
    /// Due once its interval has passed since it last started, less half an ingest interval: loops
    /// tick every ingest interval with some jitter, and a fit 1 ms short of 60 s must not wait 10 s more.
    /// </summary>
    private bool IsDue(RoutinePhase phase, TimeSpan interval)
    {
        long last = Interlocked.Read(ref _lastStartedUtcTicks[(int)phase]);
        return last == 0 || _time.GetUtcNow() - new DateTimeOffset(last, TimeSpan.Zero) >= interval - (_options.IngestInterval / 2);
    }

    private static PhaseReport NotDue(RoutinePhase phase) => new(phase, PhaseOutcome.NotDue, TimeSpan.Zero);
}
