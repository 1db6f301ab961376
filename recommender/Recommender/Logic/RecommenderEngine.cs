using KernelTruth.Contracts.Snapshot;
using KernelTruth.Models;
using KernelTruth.Models.Input;
using KernelTruth.Models.Recommendations;
using KernelTruth.Models.Startup;
using KernelTruth.Models.Throttling;
using KernelTruth.Recommender.Checkpoint;
using KernelTruth.Recommender.Forecast;
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
public sealed partial class RecommenderEngine : IModelView, IDemandSlots
{
    private readonly ModelOptions _modelOptions;
    private readonly ILogger _logger;
    private readonly Dictionary<string, IntervalBuilder> _nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _nodeReceivedAt = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, Workload> _workloads = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StartupHistory> _startups = new(StringComparer.Ordinal);

    // Only workloads still on borrowed history, and only until the sensor's data takes over: after that a mark is
    // never made again, so most workloads pay nothing for it (not even a field).
    private readonly Dictionary<string, BorrowedHistory> _borrowed = new(StringComparer.Ordinal);
    private readonly Func<CgroupSnapshot, string?> _workloadKey;
    private readonly bool _keyed;

    /// <param name="workloadKey">
    /// The workload a cgroup belongs to; null = not a workload we track (its interval is dropped). Default: the cgroup path.
    /// </param>
    /// <param name="forecast">The demand forecasts' settings (HPA sync period, refit interval); default <see cref="ForecastSettings.Default"/>.</param>
    public RecommenderEngine(ILogger logger, ModelOptions? modelOptions = null, Func<CgroupSnapshot, string?>? workloadKey = null, ForecastSettings? forecast = null)
    {
        _logger = logger;
        Forecasts = new DemandForecasts(forecast ?? ForecastSettings.Default, w => _startups.TryGetValue(w, out var s) ? s.Summary()?.ReadySeconds?.P50 : null, held: this);
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

    /// <summary>Per-workload demand histories and the forecaster (cpu_demand_forecast_cores), fed by the same intervals as the models.</summary>
    public DemandForecasts Forecasts { get; }

    /// <summary>What is published as cpu_demand_forecast_cores for the workload; null before its first finished minute.</summary>
    public DemandForecast? Forecast(string workload) => Forecasts.Forecast(workload);

    /// <summary>The published value alone (no record or reason text made); null before the workload's first finished minute.</summary>
    public (double Cores, bool FromForecaster)? ForecastCores(string workload) => Forecasts.ForecastCores(workload);

    /// <summary>The workload a cgroup's intervals go to (the key function given at construction); null when not tracked.</summary>
    public string? WorkloadOf(CgroupSnapshot cgroup) => _workloadKey(cgroup);

    /// <summary>Nodes with interval baselines (one per node name that sent a snapshot and was not forgotten).</summary>
    public int Nodes => _nodes.Count;

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
    /// <param name="receivedAt">
    /// When the caller got the snapshot, on its own clock: a model's last data is kept on the clock that later decides
    /// it is idle (<see cref="ModelLifecycle"/>), so a sensor whose wall clock is off cannot make models look old.
    /// Default: the snapshot's own time.
    /// </param>
    /// <exception cref="SnapshotRejectedException">The whole snapshot is unusable; nothing changed.</exception>
    public int Ingest(NodeSnapshot snapshot, DateTimeOffset? receivedAt = null)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        string node = snapshot.Node ?? "";
        if (!_nodes.TryGetValue(node, out var builder))
        {
            builder = new IntervalBuilder(_logger);
            _nodes[node] = builder; // an empty builder costs nothing if the snapshot is then rejected
        }

        var intervals = builder.Add(snapshot);
        _nodeReceivedAt[node] = receivedAt ?? DateTimeOffset.UnixEpoch.AddTicks(snapshot.TakenAtUnixNs / 100);
        int used = 0;
        RecordStartups(intervals);
        foreach (var (cgroup, measured, switchesPerSecond) in intervals)
        {
            if (_workloadKey(cgroup) is not { } workload)
            {
                continue;
            }

            try
            {
                if (Add(workload, measured, out var state, out var interval))
                {
                    state.Activity = LastActivity.Of(interval, switchesPerSecond); // at once: its time and limit are the model's last interval's
                    if (_borrowed.TryGetValue(workload, out var borrowed) && borrowed.Measured(interval.Time))
                    {
                        _borrowed.Remove(workload);
                    }

                    state.LastData = receivedAt ?? interval.Time;
                    Forecasts.Add(state, workload, measured); // the replica's own time: replicas' minutes add up
                    used++;
                    IntervalAdded?.Invoke(workload, cgroup, interval);
                }
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or ArithmeticException)
            {
                Log.WorkloadFailed(_logger, workload, ex);
            }
        }

        return used;
    }

    /// <summary>
    /// Starts a workload's model from history the sensor did not measure (<paramref name="source"/>, e.g. "prometheus"):
    /// <paramref name="intervals"/> in time order, replicas interleaved, each added as a sensor interval is (the same
    /// model, the same replica rule). Its recommendations are marked and carry lower confidence until the sensor has
    /// measured it for one demand half-life (<see cref="BorrowedHistory"/>). A workload that already has a model (restored
    /// from a checkpoint) is left alone. Returns the intervals that reached the model.
    /// </summary>
    public int Bootstrap(string workload, IEnumerable<WorkloadInterval> intervals, string source)
    {
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentNullException.ThrowIfNull(intervals);
        if (_workloads.ContainsKey(workload))
        {
            return 0;
        }

        int used = 0;
        var borrowed = new BorrowedHistory(source, _modelOptions.DemandHalfLife);
        foreach (var interval in intervals)
        {
            try
            {
                if (Add(workload, interval, out var state, out var added))
                {
                    _borrowed.TryAdd(workload, borrowed);
                    state.LastData = added.Time; // the history's own clock: a workload whose history ended long ago is idle already
                    Forecasts.Add(state, workload, interval); // the same history seeds the demand history: forecasts need weeks of it
                    used++;
                }
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or ArithmeticException)
            {
                Log.WorkloadFailed(_logger, workload, ex);
            }
        }

        return used;
    }

    /// <summary>Adds one interval to the workload's model (made on its first good interval); false when the model refused it (logged).</summary>
    private bool Add(string workload, WorkloadInterval measured, out Workload state, out WorkloadInterval interval)
    {
        bool known = _workloads.TryGetValue(workload, out var existing);
        var model = existing?.Model ?? new WorkloadModel(_modelOptions);
        interval = _keyed ? ReplicaTime.After(model.LastIntervalTime, measured) : measured;
        var rejected = model.Add(interval);
        if (rejected.Count > 0)
        {
            Log.IntervalRejected(_logger, workload, string.Join("; ", rejected));
            state = existing!;
            return false;
        }

        state = existing ?? new Workload(model); // only a model that holds an interval is tracked
        if (!known)
        {
            _workloads[workload] = state;
        }

        return true;
    }

    /// <summary>The workloads whose recommendations still rest on borrowed history, sorted.</summary>
    public IReadOnlyList<string> OnBorrowedHistory() => [.. _borrowed.Keys.Order(StringComparer.Ordinal)];

    /// <summary>
    /// Recommendations for every workload with history, sorted by workload, each with the simulation
    /// engine's predicted effect at its recommended limit (the same as <see cref="SimulateLimit"/> there).
    /// A workload whose modelled demand sample, limit, burst and period are those of its last replay keeps
    /// that replay's answer instead of replaying again (<see cref="ReplayMemo"/>).
    /// </summary>
    public IReadOnlyList<WorkloadRecommendation> Recommend(RecommendationPolicy policy, DateTimeOffset now)
    {
        // Workloads are independent and each model is read by one thread only (the models' scratch memos are
        // per thread), so they are fitted on every CPU; the index keeps the output sorted by workload.
        // Measured at 100 000 workloads: ~40 µs of CPU each, so two CPUs halve a 4 s pass.
        KeyValuePair<string, Workload>[] workloads = [.. _workloads];
        var results = new WorkloadRecommendation[workloads.Length];
        Parallel.For(0, workloads.Length, i => results[i] = RecommendOne(workloads[i].Key, workloads[i].Value, policy, now));
        return results;
    }

    private WorkloadRecommendation RecommendOne(string workload, Workload state, RecommendationPolicy policy, DateTimeOffset now)
    {
        try
        {
            var recommendation = WithStartup(workload, state, Marked(workload, state.Model.Recommend(policy, now, ref state.Effect)));
            return new WorkloadRecommendation(workload, recommendation, null, SimulatedEffect.AtRecommendedLimit(state.Model, recommendation, ref state.Effect));
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or ArithmeticException)
        {
            Log.WorkloadFailed(_logger, workload, ex);
            return new WorkloadRecommendation(workload, null, ex.Message);
        }
    }

    /// <summary>One workload's recommendation under its own policy (a VPA's container policy); null when the workload has no model.</summary>
    /// <exception cref="ArgumentException">The policy is invalid.</exception>
    public Recommendation? Recommend(string workload, RecommendationPolicy policy, DateTimeOffset now) =>
        _workloads.TryGetValue(workload, out var state) ? WithStartup(workload, state, Marked(workload, state.Model.Recommend(policy, now, ref state.Effect))) : null;

    private Recommendation Marked(string workload, Recommendation recommendation) =>
        _borrowed.TryGetValue(workload, out var borrowed) ? borrowed.Mark(recommendation) : recommendation;

    /// <summary>
    /// The recommendation with its startup advice (<see cref="StartupAdvisor"/>): the workload's recent starts against
    /// the limit in force and the one recommended, replayed at the workload's current burst and period. The CPU numbers
    /// stay as the steady state set them; a higher startup limit or a burst is advice in the evidence, because neither
    /// VPA nor the limit/request ratio it keeps has a place for them.
    /// </summary>
    private Recommendation WithStartup(string workload, Workload state, Recommendation recommendation)
    {
        if (!_startups.TryGetValue(workload, out var history) || history.Summary() is not { } summary)
        {
            return recommendation;
        }

        var e = recommendation.Evidence;
        var advice = StartupAdvisor.For(summary, state.Model, recommendation);
        return StartupAdvisor.Note(advice) is { } note
            ? recommendation with { Evidence = e with { Startup = advice, Notes = [.. e.Notes, note] } }
            : recommendation with { Evidence = e with { Startup = advice } };
    }

    /// <summary>
    /// The simulation engine's predicted effect of a recommendation made for <paramref name="workload"/>
    /// (by <see cref="Recommend(string, RecommendationPolicy, DateTimeOffset)"/>); null when the workload is
    /// unknown or no limit is recommended.
    /// </summary>
    public Simulations.Replay.LimitPrediction? PredictedEffect(string workload, Recommendation recommendation) =>
        _workloads.TryGetValue(workload, out var state) ? SimulatedEffect.AtRecommendedLimit(state.Model, recommendation, ref state.Effect) : null;

    /// <summary>The workload's recent container starts as percentiles; null when none was seen (starts are checkpointed with the model).</summary>
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
                (float)((s.ThrottledNs ?? 0) / NsPerSecond),
                s.ReadyCpuNs is ulong warmup ? (float)(warmup / NsPerSecond) : float.NaN,
                s.ReadyThrottledNs is ulong warmupThrottled ? (float)(warmupThrottled / NsPerSecond) : float.NaN));
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
        [.. _workloads.Where(w => w.Value.Activity.Seen).Select(w => w.Value.Activity.For(w.Key, w.Value.Model)).OrderByDescending(a => a.UsageCores).ThenBy(a => a.Workload, StringComparer.Ordinal)];

    /// <summary>
    /// Every workload with the time the last interval that reached its model was received (a restored one: as saved, or
    /// in a file from before that was saved, its last interval's time or the checkpoint's, whichever is earlier), for
    /// <see cref="ModelLifecycle"/>.
    /// </summary>
    public IEnumerable<(string Workload, DateTimeOffset LastData)> LastData() => _workloads.Select(w => (w.Key, w.Value.LastData));

    /// <summary>
    /// Drops a workload's model, its last activity, its start timelines and its demand history: it leaves the recommendations of the next
    /// fit and the next checkpoint. Returns false when no model was held. Data arriving later starts a new model.
    /// </summary>
    public bool Forget(string workload)
    {
        _startups.Remove(workload);
        _borrowed.Remove(workload);
        Forecasts.Forget(workload);
        return _workloads.Remove(workload);
    }

    /// <summary>
    /// Forgets the interval baselines of nodes whose last accepted snapshot was received at or before
    /// <paramref name="cutoff"/> (a node removed from the cluster): a node that comes back starts with new baselines, as
    /// after a sensor restart.
    /// </summary>
    /// <returns>The nodes forgotten.</returns>
    public int ForgetNodesIdleSince(DateTimeOffset cutoff)
    {
        var idle = _nodes.Keys.Where(n => !_nodeReceivedAt.TryGetValue(n, out var at) || at <= cutoff).ToList();
        foreach (string node in idle)
        {
            _nodes.Remove(node);
            _nodeReceivedAt.Remove(node);
        }

        return idle.Count;
    }

    public RecommenderCheckpoint ToCheckpoint(DateTimeOffset now) => new()
    {
        SavedAt = now,
        Workloads = [.. _workloads.Select(w => new WorkloadCheckpoint(w.Key, w.Value.Model.ToCheckpoint())
        {
            LastData = w.Value.LastData,
            DemandHistory = Forecasts.Save(w.Key), // the workload's entry (IDemandSlots), or a history kept before its model
            ForecastGuard = Forecasts.SaveGuard(w.Key),
            Startups = _startups.TryGetValue(w.Key, out var starts) && starts.Count > 0 ? starts.ToCheckpoint() : null,
            BorrowedHistory = _borrowed.TryGetValue(w.Key, out var borrowed) ? borrowed.ToState() : null,
        })],
        Forecaster = Forecasts.SaveModel(),
    };

    /// <summary>
    /// Restores models saved earlier, all or none: a workload that cannot be read fails the whole
    /// restore (<see cref="InvalidDataException"/> naming it) and leaves this engine as it was.
    /// Counters restart from the next snapshot's baseline.
    /// </summary>
    public void Restore(RecommenderCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var restored = new List<(string Workload, WorkloadModel Model, DateTimeOffset LastData, Simulations.Forecast.DemandHistory? Demand, Simulations.Forecast.ForecastGuard? Guard, StartupHistory? Startups, BorrowedHistory? Borrowed)>(checkpoint.Workloads.Count);
        foreach (var w in checkpoint.Workloads)
        {
            if (w?.Workload is null || w.Model is null)
            {
                throw new InvalidDataException("the checkpoint holds a workload entry without a name or a model");
            }

            try
            {
                var model = WorkloadModel.FromCheckpoint(w.Model, _modelOptions);
                var demand = w.DemandHistory is { } savedDemand ? Simulations.Forecast.DemandHistory.FromBytes(savedDemand) : null; // none in older checkpoints
                Simulations.Forecast.ForecastGuard? guard = demand is not null && w.ForecastGuard is { } savedGuard ? Simulations.Forecast.ForecastGuard.FromBytes(savedGuard) : null;
                var startups = w.Startups is { } savedStarts ? StartupHistory.FromCheckpoint(savedStarts) : null;
                var borrowed = w.BorrowedHistory is { } savedBorrowed ? BorrowedHistory.FromState(savedBorrowed, _modelOptions.DemandHalfLife) : null;
                restored.Add((w.Workload, model, w.LastData ?? (model.LastIntervalTime is { } last && last < checkpoint.SavedAt ? last : checkpoint.SavedAt), demand, guard, startups, borrowed));
            }
            catch (Exception ex) when (ex is InvalidDataException or ArgumentException or InvalidOperationException)
            {
                throw new InvalidDataException($"workload '{w.Workload}' in the checkpoint cannot be restored: {ex.Message}", ex);
            }
        }

        foreach (var (workload, model, lastData, demand, guard, startups, borrowed) in restored)
        {
            // A history already held for the workload stays unless the checkpoint brings one (as when it was kept apart).
            var entry = new Workload(model) { LastData = lastData };
            if (_workloads.TryGetValue(workload, out var held) && held.HasHistory)
            {
                entry.TakeOver(held);
                entry.HasHistory = true;
            }

            _workloads[workload] = entry;

            // A restored model is the checkpoint's, whatever it replaced, and so is its mark: still borrowed if it was
            // when saved (the takeover counting on from the sensor's first measurement), else its own.
            _borrowed.Remove(workload);
            if (borrowed is not null)
            {
                _borrowed[workload] = borrowed;
            }

            if (demand is not null)
            {
                Forecasts.Restore(workload, demand, guard);
            }

            if (startups is not null)
            {
                _startups[workload] = startups;
            }
        }

        // The forecaster is one model for all workloads and can be fitted again: one that cannot be loaded (damaged,
        // another build's) is logged and left out, the models restored all the same; forecasts wait for the next fit.
        if (checkpoint.Forecaster is { } forecaster && Forecasts.RestoreModel(forecaster) is { } refused)
        {
            Log.ForecasterRefused(_logger, forecaster.Length, refused);
        }
    }

    HeldDemand? IDemandSlots.Slot(string workload) => _workloads.GetValueOrDefault(workload);

    int IDemandSlots.Filled => _workloads.Values.Count(w => w.HasHistory);

    /// <summary>
    /// Everything kept per workload, under one key, in one object: the model, what the engine keeps beside it, and the
    /// workload's demand history and forecasting state (this object is its <see cref="WorkloadDemand"/>, which
    /// <see cref="Forecasts"/> keeps here: <see cref="IDemandSlots"/>). The key is not kept again here: it is the first
    /// reading's string (each parsed snapshot brings its own copy).
    /// </summary>
    internal sealed class Workload(WorkloadModel model) : HeldDemand
    {
        /// <summary>
        /// This object as allocated (the model apart): 680 (the forecasting state, header included:
        /// <see cref="WorkloadDemand.ObjectBytes"/>) + 8 (model) + 8 (last data and the history flag) + 32 (last activity) +
        /// 72 (replay memo, its predicted effect inline) = 800, measured by RecommenderEngineEntryTests. With the memo
        /// holding a reference to its prediction it took 760 and the prediction 112 more (872); as an entry of its own
        /// holding a reference to the forecasting state it took 16 + 8 + 8 + 32 + 32 + 8 = 104 beside the state's 680.
        /// </summary>
        internal new const int ObjectBytes = WorkloadDemand.ObjectBytes + 120;

        public WorkloadModel Model { get; } = model;

        /// <summary>
        /// The last interval that reached the model, as <see cref="RecommenderEngine.Activity()"/> lists it (with the model's
        /// time and limit: set whenever the model takes a sensor's interval, before anything else can fail).
        /// </summary>
        public LastActivity Activity { get; set; }

        /// <summary>
        /// When the last interval that reached the model arrived (the loop's clock), else was measured; kept as UTC
        /// ticks, 8 bytes where a DateTimeOffset pads to 16: only its instant matters to the idle time and checkpoints.
        /// </summary>
        public DateTimeOffset LastData
        {
            get => new(_lastDataAndHistory & long.MaxValue, TimeSpan.Zero);
            set => _lastDataAndHistory = value.UtcTicks | (_lastDataAndHistory & long.MinValue);
        }

        /// <summary>Whether the workload has a demand history yet: the sign bit of the last data's ticks.</summary>
        public override bool HasHistory
        {
            get => _lastDataAndHistory < 0;
            set => _lastDataAndHistory = value ? _lastDataAndHistory | long.MinValue : _lastDataAndHistory & long.MaxValue;
        }

        // The last data's UTC ticks (never negative: 0 to 3.2e18 < 2^62) with HasHistory in the sign bit. A bool field of
        // its own would pad this object by 8 bytes in every workload, as the replay memo's verdict would have.
        private long _lastDataAndHistory;

        /// <summary>
        /// The last replays (limit search, predicted effect) and what they read: a field, updated in place, holding no
        /// reference (its prediction is kept as numbers and made again when asked for).
        /// </summary>
        public ReplayMemo Effect;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2101, Level = LogLevel.Warning, Message = "Workload '{Workload}': interval rejected by its model: {Reasons}")]
        public static partial void IntervalRejected(ILogger logger, string workload, string reasons);

        [LoggerMessage(EventId = 2102, Level = LogLevel.Error, Message = "Workload '{Workload}' failed; the others carry on")]
        public static partial void WorkloadFailed(ILogger logger, string workload, Exception ex);

        [LoggerMessage(EventId = 2103, Level = LogLevel.Warning, Message = "The checkpoint's demand forecaster ({Bytes} bytes) cannot be used, forecasts stay reactive until the next fit: {Problem}")]
        public static partial void ForecasterRefused(ILogger logger, int bytes, string problem);
    }
}
