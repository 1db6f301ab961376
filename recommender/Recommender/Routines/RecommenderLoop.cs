using KernelTruth.Contracts.Snapshot;
using KernelTruth.Models.Recommendations;
using KernelTruth.Recommender.Checkpoint;
using KernelTruth.Recommender.Configuration;
using KernelTruth.Recommender.Input;
using KernelTruth.Recommender.Logic;
using KernelTruth.Recommender.Output;
using Microsoft.Extensions.Logging;

namespace KernelTruth.Recommender.Routines;

/// <summary>
/// The recommender's one loop, the same in <c>ktruth-recommender</c> and <c>ktruth watch</c> (VPA's RunOnce): sources
/// in, sinks out. <see cref="RunOnceAsync"/> runs four named, timed phases in order:
/// <list type="number">
/// <item>ingest — read this loop's sensors (<see cref="ISnapshotSources"/>), feed the models and the demand histories,
/// drop the models whose workloads went quiet (<see cref="ModelLifecycle"/>) from the engine and the published
/// recommendations, and take or start a fit of the demand forecaster when due (it runs off the loop);</item>
/// <item>fit — when due, recommend for every workload and publish the set to the <see cref="IRecommendationStore"/>;</item>
/// <item>output — hand the loop's <see cref="LoopOutput"/> to every <see cref="ILoopSink"/>;</item>
/// <item>checkpoint — when due, save the models to the <see cref="ICheckpointStore"/>.</item>
/// </list>
/// Each phase catches its own failure, so one failing never stops the next; data only ever flows down that list.
/// The service runs it from one Quartz job, <c>ktruth watch</c> from <see cref="RunAsync"/>; the engine is used by one
/// loop at a time (the gate also keeps start-up's restore and the last save at stop out of a running loop).
/// </summary>
public sealed partial class RecommenderLoop
{
    private readonly RecommenderEngine _engine;
    private readonly IngestPhase _ingest;
    private readonly OutputPhase _output;
    private readonly ICheckpointStore _checkpoints;
    private readonly IRecommendationStore _store;
    private readonly RecommenderOptions _options;
    private readonly RecommendationPolicy _policy;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly RoutineHealth _health;
    private readonly ModelLifecycle _lifecycle;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly long[] _lastStartedUtcTicks = [0, 0, 0, 0];
    private RecommendationSet _lastFit = RecommendationSet.Empty;

    public RecommenderLoop(
        RecommenderEngine engine,
        ISnapshotSources sources,
        IEnumerable<ILoopSink> sinks,
        ICheckpointStore checkpoints,
        IRecommendationStore store,
        RecommenderOptions options,
        TimeProvider time,
        ILogger<RecommenderLoop> logger,
        IWorkloadPresence? presence = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(sinks);
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        if (sources is SnapshotSourceList fixedSources && fixedSources.ReadIntervalProblems(options.IngestInterval) is { Count: > 0 } problems)
        {
            throw new RecommenderConfigurationException(problems);
        }

        _engine = engine;
        _checkpoints = checkpoints;
        _store = store;
        _options = options;
        _policy = options.ToPolicy();
        _time = time;
        _logger = logger;
        _ingest = new IngestPhase(engine, sources, time, logger);
        _output = new OutputPhase([.. sinks], time, logger);
        _health = new RoutineHealth(time, options);
        _lifecycle = new ModelLifecycle(options.ModelIdleTtl, RecommenderDefaults.GoneWorkloadGrace, presence);

        // The first checkpoint is due one interval after start: until then the store already holds
        // everything (restored) or there is nothing to lose (fresh start).
        _lastStartedUtcTicks[(int)RoutinePhase.Checkpoint] = time.GetUtcNow().UtcTicks;
    }

    /// <summary>Raised after every <see cref="RunOnceAsync"/> with its report (the service's /metrics counts them).</summary>
    public event Action<LoopReport>? Finished;

    /// <summary>Healthy = every routine finished within 5× its interval; the reason says how long ago each did.</summary>
    public bool IsHealthy(out string reason) => _health.IsHealthy(out reason);

    /// <summary>
    /// Loads the last checkpoint into the engine before anything runs. None is a fresh start; one that cannot be read,
    /// or that the models refuse, throws the store's exception saying what to do. Nothing is discarded silently.
    /// </summary>
    public async Task<RestoreResult> RestoreAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (await _checkpoints.LoadAsync(cancellationToken).ConfigureAwait(false) is not { } checkpoint)
            {
                Log.FreshStart(_logger, _checkpoints.ToString() ?? "");
                return new RestoreResult(0, null);
            }

            try
            {
                _engine.Restore(checkpoint);
            }
            catch (InvalidDataException ex)
            {
                throw _checkpoints.Refused(checkpoint, ex);
            }

            Log.Restored(_logger, checkpoint.Workloads.Count, _checkpoints.ToString() ?? "", checkpoint.SavedAt);
            return new RestoreResult(checkpoint.Workloads.Count, checkpoint.SavedAt);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>One loop: ingest, fit when due, output, checkpoint when due. Only cancellation escapes it.</summary>
    public async Task<LoopReport> RunOnceAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        LoopReport report;
        try
        {
            long started = _time.GetTimestamp();
            IReadOnlyList<NodeSnapshot> snapshots = [];
            var counts = IngestCounts.None;
            var ingest = await RunPhaseAsync(RoutinePhase.Ingest, async ct =>
            {
                (snapshots, counts, string? problem) = await _ingest.RunAsync(ct).ConfigureAwait(false);
                DropIdleModels();
                RefitForecaster();
                _store.Publish(new ActivitySet(_time.GetUtcNow(), _engine.Activity()));
                return problem;
            }, cancellationToken).ConfigureAwait(false);

            var fit = IsDue(RoutinePhase.Fit, _options.FitInterval) ? await RunPhaseAsync(RoutinePhase.Fit, FitAsync, cancellationToken).ConfigureAwait(false) : NotDue(RoutinePhase.Fit);

            IReadOnlyList<SinkReport> sinks = [];
            var output = await RunPhaseAsync(RoutinePhase.Output, async ct =>
            {
                var loopOutput = new LoopOutput(_time.GetUtcNow(), snapshots, _lastFit, _store.LatestActivity, _engine);
                (sinks, string? problem) = await _output.RunAsync(loopOutput, ct).ConfigureAwait(false);
                return problem;
            }, cancellationToken).ConfigureAwait(false);

            var checkpoint = IsDue(RoutinePhase.Checkpoint, _options.CheckpointInterval) ? await RunPhaseAsync(RoutinePhase.Checkpoint, SaveAsync, cancellationToken).ConfigureAwait(false) : NotDue(RoutinePhase.Checkpoint);
            report = new LoopReport([ingest, fit, output, checkpoint], sinks, counts, _time.GetElapsedTime(started));
        }
        finally
        {
            _gate.Release();
        }

        Announce(report);
        return report;
    }

    /// <summary>
    /// A single host's schedule, without Quartz: <see cref="RunOnceAsync"/> now and then every ingest interval (on the
    /// injected clock) until <paramref name="maxLoops"/> have run or <paramref name="cancellationToken"/> is cancelled
    /// (either is a normal end, Ctrl-C included), then one last checkpoint so a stop loses nothing.
    /// </summary>
    /// <returns>The last checkpoint's report: a caller that must say the final save failed reads it here.</returns>
    public async Task<PhaseReport> RunAsync(int? maxLoops, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.IngestInterval, _time);
        try
        {
            for (int loops = 1; ; loops++)
            {
                await RunOnceAsync(cancellationToken).ConfigureAwait(false);
                if (loops >= maxLoops || !await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The way a watch or a host normally stops: save below.
        }

        return await CheckpointAsync(CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>Saves the models now, outside the schedule (a host's last save at stop), once no loop is running.</summary>
    public async Task<PhaseReport> CheckpointAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await RunPhaseAsync(RoutinePhase.Checkpoint, SaveAsync, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Drops the models due to go and takes their recommendations out of the published set at once, so no sink shows
    /// a workload the engine no longer holds; the next checkpoint leaves them out.
    /// </summary>
    private void DropIdleModels()
    {
        var dropped = _lifecycle.Sweep(_engine, _time.GetUtcNow());
        if (dropped.Count == 0)
        {
            return;
        }

        foreach (var d in dropped)
        {
            Log.ModelDropped(_logger, d.Workload, d.Idle.TotalHours, d.Gone ? "its workload is gone" : "idle time passed");
        }

        Log.ModelsDropped(_logger, dropped.Count, _engine.Workloads.Count);
        var gone = dropped.Select(d => d.Workload).ToHashSet(StringComparer.Ordinal);
        var latest = _store.Latest;
        _store.Publish(latest with { Recommendations = [.. latest.Recommendations.Where(r => !gone.Contains(r.Workload))] });
        _lastFit = _store.Latest;
    }

    /// <summary>
    /// Takes the forecaster's finished fit and starts the next when due (at most once per refit interval, on a
    /// thread-pool thread with its own copy of the examples): the loop never waits for a fit.
    /// </summary>
    private void RefitForecaster()
    {
        var forecasts = _engine.Forecasts;
        string? failedBefore = forecasts.LastFitFailure;
        if (forecasts.Poll(_time.GetUtcNow()))
        {
            Log.ForecasterFitted(_logger, forecasts.Examples, forecasts.LastFitTook?.TotalSeconds ?? 0, forecasts.Count);
        }
        else if (forecasts.LastFitFailure is { } failure && !ReferenceEquals(failure, failedBefore))
        {
            Log.ForecasterFitFailed(_logger, failure);
        }
    }

    /// <summary>Recommends for every workload and publishes the set, sorted by workload.</summary>
    private Task<string?> FitAsync(CancellationToken ct)
    {
        var now = _time.GetUtcNow();
        var recommendations = _engine.Recommend(_policy, now);
        var set = new RecommendationSet(now, recommendations);
        _store.Publish(set);
        _lastFit = _store.Latest;
        int failed = recommendations.Count(r => r.Recommendation is null);
        Log.Fitted(_logger, recommendations.Count - failed, failed);
        return Task.FromResult(failed == 0 ? null : $"{failed} of {recommendations.Count} workloads have no recommendation (logged with their names)");
    }

    private async Task<string?> SaveAsync(CancellationToken ct)
    {
        var checkpoint = _engine.ToCheckpoint(_time.GetUtcNow());
        await _checkpoints.SaveAsync(checkpoint, ct).ConfigureAwait(false);
        Log.Saved(_logger, checkpoint.Workloads.Count, _checkpoints.ToString() ?? "");
        return null;
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
            report = new PhaseReport(phase, PhaseOutcome.Failed, _time.GetElapsedTime(started), ex.Message, Aborted: true);
        }

        _health.Finished(phase);
        Log.PhaseFinished(_logger, phase, report.Outcome, report.Elapsed.TotalMilliseconds);
        return report;
    }

    /// <summary>Tells whoever listens; a listener that throws is logged and never stops the loop.</summary>
    private void Announce(LoopReport report)
    {
        try
        {
            Finished?.Invoke(report);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.ListenerFailed(_logger, ex);
        }
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
