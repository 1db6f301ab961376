using KernelTruth.Contracts.Snapshot;
using KernelTruth.Models;
using KernelTruth.Models.Input;
using KernelTruth.Models.Recommendations;
using KernelTruth.Models.Startup;
using KernelTruth.Recommender.Checkpoint;
using KernelTruth.Recommender.Input;
using Microsoft.Extensions.Logging;

namespace KernelTruth.Recommender.Logic;

/// <summary>
/// The recommender's core, the same on one host and in a cluster: snapshots in, per-workload
/// models updated, recommendations out. Data flows one way: snapshot → intervals → models →
/// recommendations. A workload is keyed by the cgroup path on one host, or by what the key function
/// given at construction says (in a cluster: namespace/kind/name/container, so replicas share one model,
/// each replica's interval a sample of the same container, as VPA pools its pods; see <see cref="ReplicaTime"/>).
/// One workload's failure
/// never stops the others: it is logged with the workload's name and reported in its result.
/// Not thread-safe: the caller serialises Ingest, Recommend and checkpoints.
/// </summary>
public sealed partial class RecommenderEngine : IModelView
{
    private readonly ModelOptions _modelOptions;
    private readonly ILogger _logger;
    private readonly Dictionary<string, IntervalBuilder> _nodes = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, Workload> _workloads = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StartupHistory> _startups = new(StringComparer.Ordinal);
    private readonly Func<CgroupSnapshot, string?> _workloadKey;
    private readonly bool _keyed;

    /// <param name="workloadKey">
    /// The workload a cgroup belongs to; null = not a workload we track (its interval is dropped). Default: the cgroup path.
    /// </param>
    public RecommenderEngine(ILogger logger, ModelOptions? modelOptions = null, Func<CgroupSnapshot, string?>? workloadKey = null)
    {
        _logger = logger;
        _workloadKey = workloadKey ?? (c => c.Path);
        _keyed = workloadKey is not null;
        _modelOptions = modelOptions ?? new ModelOptions();
        var errors = _modelOptions.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("invalid model options: " + string.Join("; ", errors), nameof(modelOptions));
        }
    }

    public IReadOnlyCollection<string> Workloads => _workloads.Keys;

    /// <summary>
    /// Raised for every cgroup interval that reached a model: outputs that
    /// summarise what was measured (and by how many pods) follow the same data the models get.
    /// </summary>
    public event Action<string, CgroupSnapshot, WorkloadInterval>? IntervalAdded;

    /// <summary>Intervals each workload's model holds, by workload.</summary>
    public long IntervalsOf(string workload) => _workloads.TryGetValue(workload, out var w) ? w.Model.IntervalCount : 0;

    /// <summary>
    /// Feeds one snapshot; returns how many intervals reached a model. Each node has its own
    /// baselines and ordering: snapshots of different nodes interleave freely.
    /// </summary>
    /// <exception cref="SnapshotRejectedException">The whole snapshot is unusable; nothing changed.</exception>
    public int Ingest(NodeSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        string node = snapshot.Node ?? "";
        if (!_nodes.TryGetValue(node, out var builder))
        {
            builder = new IntervalBuilder(_logger);
            _nodes[node] = builder; // an empty builder costs nothing if the snapshot is then rejected
        }

        int used = 0;
        var intervals = builder.Add(snapshot);
        RecordStartups(intervals);
        foreach (var (cgroup, measured, switchesPerSecond) in intervals)
        {
            if (_workloadKey(cgroup) is not { } workload)
            {
                continue;
            }

            var interval = measured;
            try
            {
                bool known = _workloads.TryGetValue(workload, out var state);
                var model = state?.Model ?? new WorkloadModel(_modelOptions);
                if (_keyed)
                {
                    interval = ReplicaTime.After(model.LastIntervalTime, interval);
                }

                var rejected = model.Add(interval);
                if (rejected.Count > 0)
                {
                    Log.IntervalRejected(_logger, workload, string.Join("; ", rejected));
                    continue;
                }

                if (!known)
                {
                    state = new Workload(workload, model); // only a model that holds an interval is tracked
                    _workloads[workload] = state;
                }

                // The name kept is the first reading's: each parsed snapshot brings its own copy.
                state!.Activity = Activity(state.Name, interval, switchesPerSecond);
                used++;
                IntervalAdded?.Invoke(workload, cgroup, interval);
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or ArithmeticException)
            {
                Log.WorkloadFailed(_logger, workload, ex);
            }
        }

        return used;
    }

    /// <summary>
    /// Recommendations for every workload with history, sorted by workload, each with the simulation
    /// engine's predicted effect at its recommended limit (the same as <see cref="SimulateLimit"/> there).
    /// </summary>
    public IReadOnlyList<WorkloadRecommendation> Recommend(RecommendationPolicy policy, DateTimeOffset now)
    {
        var results = new List<WorkloadRecommendation>(_workloads.Count);
        foreach (var (workload, state) in _workloads)
        {
            try
            {
                var recommendation = state.Model.Recommend(policy, now);
                results.Add(new WorkloadRecommendation(workload, recommendation, null, SimulatedEffect.AtRecommendedLimit(state.Model, recommendation)));
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or ArithmeticException)
            {
                Log.WorkloadFailed(_logger, workload, ex);
                results.Add(new WorkloadRecommendation(workload, null, ex.Message));
            }
        }

        return results;
    }

    /// <summary>One workload's recommendation under its own policy (a VPA's container policy); null when the workload has no model.</summary>
    /// <exception cref="ArgumentException">The policy is invalid.</exception>
    public Recommendation? Recommend(string workload, RecommendationPolicy policy, DateTimeOffset now) =>
        _workloads.TryGetValue(workload, out var state) ? state.Model.Recommend(policy, now) : null;

    /// <summary>
    /// The simulation engine's predicted effect of a recommendation made for <paramref name="workload"/>
    /// (by <see cref="Recommend(string, RecommendationPolicy, DateTimeOffset)"/>); null when the workload is
    /// unknown or no limit is recommended.
    /// </summary>
    public Simulations.Replay.LimitPrediction? PredictedEffect(string workload, Recommendation recommendation) =>
        _workloads.TryGetValue(workload, out var state) ? SimulatedEffect.AtRecommendedLimit(state.Model, recommendation) : null;

    /// <summary>The workload's recent container starts as percentiles; null when none was seen (starts are not checkpointed).</summary>
    public StartupSummary? Startup(string workload) =>
        _startups.TryGetValue(workload, out var history) ? history.Summary() : null;

    /// <summary>
    /// Every finished start timeline in the snapshot goes to its workload's ring once: the sensor repeats a finished
    /// one in each snapshot, so the key is the cgroup id and creation time (the same on every read). Only cgroups that
    /// gave a valid interval count: a damaged entry is dropped here as it is for the models.
    /// </summary>
    private void RecordStartups(IReadOnlyList<CgroupInterval> intervals)
    {
        foreach (var (cgroup, _) in intervals)
        {
            if (cgroup.Startup is not { Complete: true } s || _workloadKey(cgroup) is not { } workload)
            {
                continue;
            }

            if (!_startups.TryGetValue(workload, out var history))
            {
                history = new StartupHistory();
                _startups[workload] = history;
            }

            const double NsPerSecond = 1e9;
            history.Add(new StartupSample(
                unchecked((s.CreatedNs * 31) + cgroup.Id),
                s.ReadyAfterNs is ulong ready ? (float)(ready / NsPerSecond) : float.NaN,
                (float)((s.CpuNs ?? 0) / NsPerSecond),
                (float)((s.ThrottledNs ?? 0) / NsPerSecond)));
        }
    }

    /// <summary>Per-period demand at percentile p of one workload (censoring-aware); null when unknown.</summary>
    public double? DemandCores(string workload, double p) =>
        _workloads.TryGetValue(workload, out var state) ? state.Model.DemandCores(p) : null;

    /// <summary>
    /// The predicted effect of <paramref name="limitCores"/> on <paramref name="workload"/>, from the
    /// simulation engine replaying its modelled per-period demand (<see cref="SimulatedEffect"/>); burst
    /// and period default to the workload's current ones.
    /// Null when the workload is unknown or has no periods yet. The entry point for reports that ask
    /// "what if this workload had that limit".
    /// </summary>
    public Simulations.Replay.LimitPrediction? SimulateLimit(string workload, double limitCores, double? burstCores = null, double? periodSeconds = null) =>
        _workloads.TryGetValue(workload, out var state)
            ? SimulatedEffect.OfLimit(state.Model, limitCores, burstCores ?? state.Model.CurrentBurstCores, periodSeconds ?? state.Model.CurrentPeriodSeconds)
            : null;

    /// <summary>The last interval of every workload, busiest first.</summary>
    public IReadOnlyList<WorkloadActivity> Activity() =>
        [.. _workloads.Values.Select(w => w.Activity).OfType<WorkloadActivity>().OrderByDescending(a => a.UsageCores).ThenBy(a => a.Workload, StringComparer.Ordinal)];

    public RecommenderCheckpoint ToCheckpoint(DateTimeOffset now) => new()
    {
        SavedAt = now,
        Workloads = [.. _workloads.Select(w => new WorkloadCheckpoint(w.Key, w.Value.Model.ToCheckpoint()))],
    };

    /// <summary>
    /// Restores models saved earlier, all or none: a workload that cannot be read fails the whole
    /// restore (<see cref="InvalidDataException"/> naming it) and leaves this engine as it was.
    /// Counters restart from the next snapshot's baseline.
    /// </summary>
    public void Restore(RecommenderCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var restored = new List<(string Workload, WorkloadModel Model)>(checkpoint.Workloads.Count);
        foreach (var w in checkpoint.Workloads)
        {
            if (w?.Workload is null || w.Model is null)
            {
                throw new InvalidDataException("the checkpoint holds a workload entry without a name or a model");
            }

            try
            {
                restored.Add((w.Workload, WorkloadModel.FromCheckpoint(w.Model, _modelOptions)));
            }
            catch (Exception ex) when (ex is InvalidDataException or ArgumentException or InvalidOperationException)
            {
                throw new InvalidDataException($"workload '{w.Workload}' in the checkpoint cannot be restored: {ex.Message}", ex);
            }
        }

        foreach (var (workload, model) in restored)
        {
            _workloads[workload] = new Workload(workload, model);
        }
    }

    private static WorkloadActivity Activity(string workload, WorkloadInterval interval, double switchesPerSecond)
    {
        return new WorkloadActivity(
            workload,
            interval.Time,
            interval.UsageCores,
            interval.LimitCores,
            interval.Periods > 0 ? (double)interval.ThrottledPeriods / interval.Periods : 0,
            Log2Percentile.UpperEdgeSeconds(interval.ThrottleWait, 0.99),
            Log2Percentile.UpperEdgeSeconds(interval.ContentionWait, 0.99),
            switchesPerSecond);
    }

    /// <summary>Everything kept per workload, under one key.</summary>
    private sealed class Workload(string name, WorkloadModel model)
    {
        public string Name { get; } = name;

        public WorkloadModel Model { get; } = model;

        public WorkloadActivity? Activity { get; set; }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2101, Level = LogLevel.Warning, Message = "Workload '{Workload}': interval rejected by its model: {Reasons}")]
        public static partial void IntervalRejected(ILogger logger, string workload, string reasons);

        [LoggerMessage(EventId = 2102, Level = LogLevel.Error, Message = "Workload '{Workload}' failed; the others carry on")]
        public static partial void WorkloadFailed(ILogger logger, string workload, Exception ex);
    }
}
