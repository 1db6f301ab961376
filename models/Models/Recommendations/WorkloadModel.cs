using KernelTruth.Models.Baseline;
using KernelTruth.Models.Checkpoint;
using KernelTruth.Models.Contention;
using KernelTruth.Models.Demand;
using KernelTruth.Models.Histograms;
using KernelTruth.Models.Input;
using KernelTruth.Models.Memory;
using KernelTruth.Models.Throttling;
using KernelTruth.Simulations.Replay;

namespace KernelTruth.Models.Recommendations;

/// <summary>
/// Everything kernel-truth knows about one workload container: per-period and per-minute demand, measured throttling,
/// contention, memory peaks and the VPA baseline, all decaying histograms (no per-sample lists).
/// Feed it intervals in time order with <see cref="Add"/>; ask <see cref="Recommend"/> at any time.
/// Not thread-safe: one writer at a time. Deterministic: the same intervals give the same bits.
/// </summary>
public sealed class WorkloadModel
{
    /// <param name="options">Null for the defaults, whose histogram shapes all models share.</param>
    public WorkloadModel(ModelOptions? options = null)
    {
        ModelShapes shapes = ModelShapes.Default;
        if (options is not null && options != ModelShapes.Default.Options)
        {
            options.ThrowIfInvalid();
            shapes = new ModelShapes(options);
        }

        _shapes = shapes;
    }

    public long IntervalCount { get; private set; }

    // The shapes the parts share with every model of these options, held once here and passed to the parts
    // (8 bytes each fewer than a shape reference per part).
    private readonly ModelShapes _shapes;
    private DemandModel _demand = new();
    private ThrottleObservations _throttle = new();
    private ContentionModel _contention = new();
    private DailyPeaks _memory = new();
    private MinuteDemand _minuteDemand = new();
    private VpaBaseline _baseline = new();

    /// <summary>
    /// The end of the last interval taken, null before the first: kept once, by the VPA baseline's minute averager,
    /// which is handed every interval (<see cref="MinuteAverager.LastTimeTicks"/>).
    /// </summary>
    public DateTimeOffset? LastIntervalTime
    {
        get
        {
            long ticks = _baseline.Minutes.LastTimeTicks;
            return ticks == long.MinValue ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    /// <summary>Per-period demand: the limit's basis (CFS enforces the quota per period).</summary>
    /// <remarks>By reference: a struct inside this model.</remarks>
    internal ref DemandModel Demand => ref _demand;

    /// <summary>
    /// The simulation engine's prediction at <paramref name="limitCores"/> for this model's
    /// per-period demand (<see cref="DemandReplay"/>): the order the limit search checks its
    /// candidates in. Null when the model holds no periods.
    /// </summary>
    public LimitPrediction? ReplayAt(double limitCores, double burstCores, double periodSeconds)
    {
        double[] ordered = DemandReplay.Ordered(Demand);
        return ordered.Length == 0 ? null : DemandReplay.Predict(ordered, limitCores, burstCores, periodSeconds);
    }

    /// <summary>
    /// <see cref="ReplayAt(double, double, double)"/>, reusing <paramref name="memo"/>'s answer when the replay
    /// would read exactly what it read then (<see cref="ReplayMemo"/>), else replaying and remembering.
    /// </summary>
    public LimitPrediction? ReplayAt(double limitCores, double burstCores, double periodSeconds, ref ReplayMemo memo)
    {
        double[] ordered = DemandReplay.Ordered(Demand);
        if (ordered.Length == 0)
        {
            return null;
        }

        ulong fingerprint = DemandReplay.Fingerprint(ordered);
        if (memo.Find(fingerprint, limitCores, burstCores, periodSeconds) is { } remembered)
        {
            return remembered;
        }

        LimitPrediction prediction = DemandReplay.Predict(ordered, limitCores, burstCores, periodSeconds);
        memo.Remember(fingerprint, prediction);
        return prediction;
    }

    /// <summary>Per-minute demand: the request's basis (placement and long-run share).</summary>
    /// <remarks>By reference: a struct inside this model.</remarks>
    internal ref MinuteDemand MinuteDemand => ref _minuteDemand;

    /// <summary>By reference: a struct inside this model.</summary>
    internal ref ThrottleObservations Throttle => ref _throttle;

    /// <summary>By reference: a struct inside this model.</summary>
    internal ref ContentionModel Contention => ref _contention;

    /// <summary>By reference: a struct inside this model.</summary>
    internal ref DailyPeaks Memory => ref _memory;

    /// <summary>The histogram shapes of this model's options, for the parts that are handed theirs.</summary>
    internal ModelShapes Shapes => _shapes;

    /// <summary>By reference: a struct inside this model.</summary>
    internal ref VpaBaseline Baseline => ref _baseline;

    internal CurrentSettings Current { get; private set; } = CurrentSettings.Unknown;

    /// <summary>The CFS burst in force at the last interval, cores: what the model's own predictions assume.</summary>
    public double CurrentBurstCores => Current.BurstCores;

    /// <summary>The CFS period in force at the last interval, seconds.</summary>
    public double CurrentPeriodSeconds => Current.PeriodSeconds;

    /// <summary>
    /// Read-only facts for reports: the mean of the per-minute CPU usage the VPA baseline keeps (bucket midpoints,
    /// decayed with its 24 h half-life; what metrics-server's per-minute figures average to), null before a minute.
    /// </summary>
    public double? MeanMinuteUsageCores => Baseline.MeanCpuCores();

    /// <summary>The highest memory in use over the kept days, null before any sample.</summary>
    public long? MemoryPeakBytes => Memory.CurrentPeak > 0 ? (long)Memory.CurrentPeak : null;

    /// <summary>The CPU request the workload runs with now, null when unknown or unset.</summary>
    public double? CurrentRequestCores => Current.RequestCores;

    /// <summary>The CPU limit the workload runs with now, null when unknown or unset.</summary>
    public double? CurrentLimitCores => Current.LimitCores;

    internal long Periods { get; private set; }

    /// <summary>Managed bytes held by histogram arrays (a lower bound of the model's footprint).</summary>
    internal int RetainedBytes => Demand.RetainedBytes + MinuteDemand.RetainedBytes + Throttle.RetainedBytes + Contention.RetainedBytes + Memory.RetainedBytes + Baseline.RetainedBytes;

    /// <summary>
    /// Adds one interval. When it is invalid (see <see cref="WorkloadInterval.Validate"/>) or not newer
    /// than the last one, the model is left untouched and the reasons are returned; empty means added.
    /// </summary>
    public IReadOnlyList<string> Add(WorkloadInterval interval)
    {
        ArgumentNullException.ThrowIfNull(interval);
        IReadOnlyList<string> errors = interval.Validate();
        if (errors.Count > 0)
        {
            return errors;
        }

        if (LastIntervalTime is DateTimeOffset last && interval.Time <= last)
        {
            return [$"interval ending {interval.Time:O} is not newer than the last one ({last:O})"];
        }

        Demand.Add(_shapes.Demand, interval);
        Throttle.Add(_shapes.Waits, interval);
        Contention.Add(_shapes.Waits, interval);
        double peak = Math.Max(interval.MemoryPeakBytes ?? interval.MemoryBytes, interval.MemoryBytes);
        if (peak > 0)
        {
            Memory.AddSample(_shapes.Memory, peak, interval.Time);
        }

        if (interval.OomKills > 0)
        {
            Memory.RecordOom(_shapes.Memory, interval.Time, interval.MemoryRequestBytes ?? 0, ModelDefaults.OomMinBumpUpBytes, ModelDefaults.OomBumpUpRatio);
        }

        if (Baseline.Add(interval) is MinuteSample minute)
        {
            MinuteDemand.Add(_shapes.MinuteDemand, minute);
        }

        Current = new CurrentSettings(interval.LimitCores, interval.BurstCores, interval.RequestCores, interval.PeriodSeconds);
        IntervalCount++;
        IReadOnlyList<UsageBucket> usage = interval.PeriodUsage;
        for (int k = 0; k < usage.Count; k++)
        {
            Periods += usage[k].Count;
        }

        return [];
    }

    /// <summary>
    /// Per-period CPU demand at percentile <paramref name="p"/> in cores (decayed; throttled periods
    /// counted as censored, see <see cref="Demand"/>); null before any period was observed.
    /// </summary>
    public double? DemandCores(double p) => Demand.IsEmpty ? null : Demand.Quantile(p).Cores;

    /// <summary>The recommendation under <paramref name="policy"/>; <paramref name="now"/> only dates the evidence.</summary>
    public Recommendation Recommend(RecommendationPolicy policy, DateTimeOffset now)
    {
        var none = default(ReplayMemo);
        return Recommend(policy, now, ref none);
    }

    /// <summary>
    /// <see cref="Recommend(RecommendationPolicy, DateTimeOffset)"/>, reusing the limit search's replay check kept in
    /// <paramref name="memo"/> while the demand sample and the search's inputs are unchanged (<see cref="ReplayMemo"/>).
    /// </summary>
    public Recommendation Recommend(RecommendationPolicy policy, DateTimeOffset now, ref ReplayMemo memo)
    {
        ArgumentNullException.ThrowIfNull(policy);
        IReadOnlyList<string> errors = policy.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("invalid recommendation policy: " + string.Join("; ", errors), nameof(policy));
        }

        return RecommendationBuilder.Build(this, policy, now, ref memo);
    }

    public WorkloadModelCheckpoint ToCheckpoint() => new()
    {
        DemandExact = Demand.ToExactState(),
        DemandCensored = Demand.CensoredState,
        MinuteDemand = MinuteDemand.ToState(_shapes.MinuteDemand),
        CensoredMinutes = MinuteDemand.CensoredMinutes,
        Throttle = Throttle.ToState(_shapes.Waits),
        ContentionWait = Contention.ToState(_shapes.Waits),
        Memory = Memory.ToState(_shapes.Memory),
        Baseline = new BaselineState
        {
            Cpu = Baseline.CpuState(),
            Memory = Baseline.Memory.ToState(VpaDefaults.MemoryShape),
            FirstSample = Baseline.History.FirstSample,
            LastSample = Baseline.History.LastSample,
            Samples = Baseline.History.Samples,
            PendingMinute = Baseline.Minutes.PendingMinuteTicks is long m ? new DateTimeOffset(m, TimeSpan.Zero) : null,
            PendingCoreSeconds = Baseline.Minutes.CoreSeconds,
            PendingWaitingAtStartSeconds = Baseline.Minutes.Deferral.WaitingAtStartSeconds,
            PendingCensoredSeconds = Baseline.Minutes.Deferral.CensoredSeconds,
            PendingLastCapSeconds = Baseline.Minutes.Deferral.LastCapSeconds,
            PendingLastThrottledThroughout = Baseline.Minutes.Deferral.LastThrottledThroughout,
            PendingAllThrottledThroughout = Baseline.Minutes.Deferral.AllThrottledThroughout,
            PendingSeconds = Baseline.Minutes.Seconds,
            PendingMemoryBytes = Baseline.Minutes.LastMemoryBytes,
            PendingLastTime = new DateTimeOffset(LastIntervalTime?.UtcTicks ?? 0, TimeSpan.Zero), // 0001-01-01 before any, as always written
        },
        LastIntervalTime = LastIntervalTime,
        LimitCores = Current.LimitCores,
        BurstCores = Current.BurstCores,
        RequestCores = Current.RequestCores,
        PeriodSeconds = Current.PeriodSeconds,
        Intervals = IntervalCount,
        Periods = Periods,
    };

    /// <summary>
    /// Rebuilds a model from a checkpoint; an unknown version or bucket layout fails with what to do.
    /// Version 2 is restored; where its per-minute demand counted throttle wait as demand (which
    /// version 3 no longer does, and which cannot be taken out again) that histogram starts empty and
    /// the request falls back to per-period demand until the next minute finishes.
    /// </summary>
    public static WorkloadModel FromCheckpoint(WorkloadModelCheckpoint checkpoint, ModelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        if (checkpoint.Version == 1)
        {
            throw new InvalidDataException($"workload model checkpoint version 1 is not supported (this build reads versions {WorkloadModelCheckpoint.OldestReadableVersion}–{WorkloadModelCheckpoint.CurrentVersion}, which add the per-minute demand behind the CPU request and cannot be rebuilt from version 1); discard the checkpoint and let the history rebuild");
        }

        if (checkpoint.Version is < WorkloadModelCheckpoint.OldestReadableVersion or > WorkloadModelCheckpoint.CurrentVersion)
        {
            throw new InvalidDataException($"workload model checkpoint version {checkpoint.Version} is not supported (this build reads versions {WorkloadModelCheckpoint.OldestReadableVersion}–{WorkloadModelCheckpoint.CurrentVersion}); discard the checkpoint and let the history rebuild");
        }

        var model = new WorkloadModel(options);
        model.Demand.Restore(model._shapes.Demand, checkpoint.DemandExact, checkpoint.DemandCensored);
        HistogramState minutes = checkpoint.MinuteDemand ?? throw new InvalidDataException("workload model checkpoint has no per-minute demand; discard the checkpoint and let the history rebuild");
        if (checkpoint.Version == WorkloadModelCheckpoint.CurrentVersion || checkpoint.ThrottledMinutes is null or 0)
        {
            model.MinuteDemand.Restore(model._shapes.MinuteDemand, minutes, checkpoint.CensoredMinutes);
        }
        model.Throttle.Restore(model._shapes.Waits, checkpoint.Throttle);
        model.Contention.Restore(model._shapes.Waits, checkpoint.ContentionWait);
        model.Memory.Restore(model._shapes.Memory, checkpoint.Memory);
        BaselineState b = checkpoint.Baseline;
        model.Baseline.RestoreCpu(b.Cpu);
        model.Baseline.Memory.Restore(VpaDefaults.MemoryShape, b.Memory);
        model.Baseline.History.Restore(b.FirstSample, b.LastSample, b.Samples);
        var deferral = MinuteDeferral.Restored(b.PendingWaitingAtStartSeconds, b.PendingCensoredSeconds, b.PendingLastCapSeconds, b.PendingLastThrottledThroughout, b.PendingAllThrottledThroughout);

        // One time for both, as Add keeps them: every checkpoint written holds the same instant twice (or none and
        // 0001-01-01 before the first interval), so PendingLastTime adds nothing to LastIntervalTime.
        model.Baseline.Minutes.Restore(b.PendingMinute?.UtcTicks, b.PendingCoreSeconds, b.PendingSeconds, b.PendingMemoryBytes, checkpoint.LastIntervalTime?.UtcTicks ?? long.MinValue, deferral);
        model.Current = new CurrentSettings(checkpoint.LimitCores, checkpoint.BurstCores, checkpoint.RequestCores, checkpoint.PeriodSeconds > 0 ? checkpoint.PeriodSeconds : WorkloadInterval.DefaultPeriodSeconds);
        model.IntervalCount = checkpoint.Intervals;
        model.Periods = checkpoint.Periods;
        return model;
    }
}
