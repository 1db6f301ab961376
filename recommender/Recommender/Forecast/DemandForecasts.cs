using System.Runtime.InteropServices;
using KernelTruth.Models;
using KernelTruth.Models.Input;
using KernelTruth.Simulations.Forecast;

namespace KernelTruth.Recommender.Forecast;

/// <summary>
/// The recommender's demand forecasts: one <see cref="DemandHistory"/> per workload, fed the workload's demand minute
/// by minute (<see cref="MinuteSums"/>, all replicas summed), and one global forecaster (<see cref="ForecastTraining"/>)
/// that every finished minute of a workload with a week of history asks for the demand a horizon ahead
/// (<see cref="ForecastSettings.HorizonMinutes"/>: its measured start time + the HPA sync). What is published
/// (<see cref="Forecast"/>) is the forecast, never below the last minute's demand (as the HPA backtest replays it),
/// while the <see cref="ForecastGuard"/> trusts it, else the last minute's demand with the reason. A workload the model lifecycle forgets loses its history here too (<see cref="Forget"/>).
/// Each workload's state is the engine's entry that holds its model (<see cref="IDemandSlots"/>, <see cref="HeldDemand"/>);
/// this keeps in its own dictionary only the workloads no owner holds (all of them when used alone), and the owner's
/// entry takes such a history over when the owner comes to hold the workload.
/// Not thread-safe: used by the engine's one caller; only the fit runs elsewhere, on its own copy.
/// </summary>
public sealed class DemandForecasts
{
    private readonly Dictionary<string, WorkloadDemand> _workloads = new(StringComparer.Ordinal);
    private readonly IDemandSlots? _held;
    private readonly ForecastSettings _settings;
    private readonly ForecastTraining _training;
    private readonly Func<string, double?> _startSeconds;
    private string? _refusedModel;

    /// <param name="startSeconds">A workload's measured p50 start (ready) time in seconds; null when unmeasured.</param>
    public DemandForecasts(ForecastSettings settings, Func<string, double?> startSeconds)
        : this(settings, startSeconds, held: null)
    {
    }

    /// <param name="held">The owner's entries for the workloads it holds (the engine's); null = every history kept here.</param>
    internal DemandForecasts(ForecastSettings settings, Func<string, double?> startSeconds, IDemandSlots? held)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(startSeconds);
        _settings = settings;
        _startSeconds = startSeconds;
        _held = held;
        _training = new ForecastTraining(settings.RetrainInterval);
    }

    /// <summary>Workloads with a history.</summary>
    public int Count => _workloads.Count + (_held?.Filled ?? 0);

    /// <summary>Examples the next fit will use (at most <see cref="ForecastTraining.MaxExamples"/>).</summary>
    public int Examples => _training.Examples;

    /// <summary>True once a fit has finished and forecasts can be made.</summary>
    public bool Fitted => _training.Current is not null;

    /// <summary>How long the last fit took; null before one finished.</summary>
    public TimeSpan? LastFitTook => _training.LastFitTook;

    /// <summary>The fit running now, if any.</summary>
    internal Task? Fitting => _training.Running;

    /// <summary>
    /// Bytes one workload costs here: its history with the guard and the published forecast in one object, plus the
    /// forecasts in flight and the waiting example (<see cref="WorkloadDemand.RetainedBytes"/>).
    /// </summary>
    public int RetainedBytes(string workload) => Find(workload) is { } w ? w.RetainedBytes : 0;

    /// <summary>
    /// One replica's interval, as demand: usage plus the throttle wait, the wait capped at (CensoredGrowthCap − 1) ×
    /// usage (the rule of the adapter's cpu_demand_cores). Example: 10 s at 0.2 cores with 3 s of throttle wait ⇒
    /// 2 + min(3, 2) = 4 core-seconds.
    /// </summary>
    public void Add(string workload, WorkloadInterval interval) => Add(null, workload, interval);

    /// <summary>
    /// <see cref="Add(string, WorkloadInterval)"/> for the owner, which passes the workload's entry (<see cref="IDemandSlots"/>)
    /// it has already looked up; null = found by name.
    /// </summary>
    internal void Add(HeldDemand? held, string workload, WorkloadInterval interval)
    {
        ArgumentNullException.ThrowIfNull(interval);
        double usage = interval.UsageCores * interval.Duration.TotalSeconds;
        Add(held, workload, interval.Time, interval.Duration, usage + Math.Min(interval.ThrottleWaitSeconds, (ModelDefaults.CensoredGrowthCap - 1) * usage));
    }

    /// <summary>
    /// One interval of one replica: <paramref name="coreSeconds"/> of demand over <paramref name="duration"/> ending at
    /// <paramref name="end"/>, shared among the minutes it covers by the time it spent in each. Example: Prometheus'
    /// 5-minute step of 150 core-seconds ⇒ 30 in each of its 5 minutes (0.5 cores each); a 10 s interval from 12:00:55
    /// to 12:01:05 ⇒ half in 12:00, half in 12:01. Of an interval longer than <see cref="MaxSpreadMinutes"/> (data after
    /// a gap) only its last hour counts, at its average rate.
    /// </summary>
    public void Add(string workload, DateTimeOffset end, TimeSpan duration, double coreSeconds) =>
        Add(null, workload, end, duration, coreSeconds);

    /// <param name="held">The owner's entry for the workload, or null: then it is found by name.</param>
    internal void Add(HeldDemand? held, string workload, DateTimeOffset end, TimeSpan duration, double coreSeconds)
    {
        ArgumentNullException.ThrowIfNull(workload);
        if (!double.IsFinite(coreSeconds) || coreSeconds < 0 || duration <= TimeSpan.Zero)
        {
            return; // the model validated the interval; a sum it would not make is never a demand
        }

        var w = held is null ? GetOrAdd(workload) : Started(held, workload);

        long endTicks = end.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        long startTicks = endTicks - Math.Min(duration.Ticks, MaxSpreadMinutes * TimeSpan.TicksPerMinute);
        double perTick = coreSeconds / duration.Ticks;
        for (long minute = Floor(startTicks), last = Floor(endTicks - 1); minute <= last; minute++)
        {
            long from = Math.Max(startTicks, minute * TimeSpan.TicksPerMinute), to = Math.Min(endTicks, (minute + 1) * TimeSpan.TicksPerMinute);
            w.Minutes.Add(minute, perTick * (to - from), (this, w, workload), static (s, m, cores) => s.Item1.Finished(s.Item2, s.Item3, m, cores));
        }

        static long Floor(long ticks) => ticks >= 0 ? ticks / TimeSpan.TicksPerMinute : ((ticks + 1) / TimeSpan.TicksPerMinute) - 1;
    }

    /// <summary>How many of an interval's last minutes are filled: bounds the work of one interval after a long gap.</summary>
    public const int MaxSpreadMinutes = 60;

    /// <summary>What to publish for the workload, made now from what is kept (<see cref="PublishedDemand"/>); null when none of its minutes has finished yet.</summary>
    public DemandForecast? Forecast(string workload) => Find(workload)?.Forecast();

    /// <summary>The published value and whether the forecaster made it, without making the record or its reason text; null like <see cref="Forecast"/>.</summary>
    public (double Cores, bool FromForecaster)? ForecastCores(string workload) =>
        Find(workload) is { Published: { Made: true } published } ? (published.Cores, published.FromForecaster) : null;

    /// <summary>Drops the workload's history (the model lifecycle dropped its model).</summary>
    public bool Forget(string workload)
    {
        bool forgotten = _workloads.Remove(workload);
        if (Slot(workload) is { HasHistory: true } held)
        {
            held.Reset(null, default);
            (held.HasHistory, forgotten) = (false, true);
        }

        return forgotten;
    }

    /// <summary>The history as a checkpoint keeps it (<see cref="DemandHistory.SavedBytes"/> bytes); null when there is none.</summary>
    public byte[]? Save(string workload) => Find(workload)?.ToBytes();

    /// <summary>The guard's record of checked forecasts (<see cref="ForecastGuard.SavedBytes"/> = 13 bytes); null when the workload has no history.</summary>
    public byte[]? SaveGuard(string workload) => Find(workload)?.Guard.ToBytes();

    /// <summary>
    /// Puts a saved history back (read with <see cref="DemandHistory.FromBytes"/>, which checks it), with the guard
    /// saved beside it (<see cref="ForecastGuard.FromBytes"/>); without one (older checkpoints) the guard starts afresh.
    /// </summary>
    public void Restore(string workload, DemandHistory history, ForecastGuard? guard = null)
    {
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentNullException.ThrowIfNull(history);
        if (Slot(workload) is { } held)
        {
            _workloads.Remove(workload);
            held.Reset(history, guard ?? default);
            held.HasHistory = true;
        }
        else
        {
            _workloads[workload] = new WorkloadDemand(history, guard);
        }
    }

    /// <summary>The fitted forecaster as a checkpoint keeps it (the same array until the next fit lands); null before a fit.</summary>
    public byte[]? SaveModel() => _training.Saved;

    /// <summary>
    /// Puts a saved forecaster back, so forecasts resume at the next finished minute instead of after the next fit.
    /// </summary>
    /// <returns>Null when restored; else why not (damaged, or from another build): the caller logs it, and forecasts wait for the next fit.</returns>
    public string? RestoreModel(byte[] saved)
    {
        ArgumentNullException.ThrowIfNull(saved);
        try
        {
            _training.Restore(DemandForecaster.FromBytes(saved), saved);
            _refusedModel = null;
            return null;
        }
        catch (InvalidDataException ex)
        {
            _refusedModel = ex.Message;
            return ex.Message;
        }
    }

    /// <summary>Takes a finished fit and starts the next when due (<see cref="ForecastTraining.Poll"/>); never blocks.</summary>
    /// <returns>True when a new model was taken.</returns>
    public bool Poll(DateTimeOffset now) => _training.Poll(now);

    /// <summary>The failure of the last fit, if it failed.</summary>
    public string? LastFitFailure => _training.LastFailure;

    /// <summary>The owner's entry for the workload; null when there is no owner or it does not hold the workload.</summary>
    private HeldDemand? Slot(string workload) => _held?.Slot(workload);

    /// <summary>
    /// The owner's entry as a history: one kept here for the workload before its owner came to hold it is taken over
    /// (and taken out), else an empty history starts. Example: a Prometheus bootstrap's history, then the first interval.
    /// </summary>
    private WorkloadDemand Started(HeldDemand held, string workload)
    {
        if (!held.HasHistory)
        {
            if (_workloads.Remove(workload, out var kept))
            {
                held.TakeOver(kept);
            }

            held.HasHistory = true;
        }

        return held;
    }

    private WorkloadDemand? Find(string workload)
    {
        if (Slot(workload) is not { } held)
        {
            return _workloads.GetValueOrDefault(workload);
        }

        return held.HasHistory || _workloads.ContainsKey(workload) ? Started(held, workload) : null;
    }

    private WorkloadDemand GetOrAdd(string workload)
    {
        if (Slot(workload) is { } held)
        {
            return Started(held, workload);
        }

        ref var own = ref CollectionsMarshal.GetValueRefOrAddDefault(_workloads, workload, out _);
        return own ??= new WorkloadDemand();
    }

    private void Finished(WorkloadDemand w, string workload, long minute, double cores)
    {
        if (minute <= w.LastMinute)
        {
            return; // restored from a checkpoint that already holds this minute
        }

        w.Add(minute, cores);
        w.Matured(minute, cores);
        if (w.InFlight is { ExampleWaiting: true } waiting && waiting.ExampleMinute <= minute)
        {
            if (waiting.ExampleMinute == minute)
            {
                _training.Add(waiting.ExampleFeatures(), (float)(cores / waiting.ExampleLevel));
            }

            waiting.ExampleDone();
        }

        double? start = _startSeconds(workload);
        double horizonSeconds = _settings.HorizonSeconds(start);
        int horizon = _settings.HorizonMinutes(start);
        // Published at this minute, now the history's last; a reason of the guard's error reads it from the guard when asked.
        PublishedDemand Published(ReactiveReasonKind kind, int count = 0, string? refusedModel = null, double? predicted = null) =>
            new(cores, predicted, horizonSeconds, kind, count, refusedModel);
        if (!w.WeekCovered)
        {
            w.Published = Published(ReactiveReasonKind.HistoryShort, w.HoursCovered);
            return;
        }

        var features = ForecastFeatures.At(w, minute, horizon, out double level);
        if (w.InFlight is not { ExampleWaiting: true })
        {
            w.StartInFlight().Wait(features, level, minute + horizon);
        }

        if (_training.Current is not { } model)
        {
            w.Published = _refusedModel is null
                ? Published(ReactiveReasonKind.NoForecaster, _training.Examples)
                : Published(ReactiveReasonKind.NoForecasterRefused, _training.Examples, _refusedModel);
            return;
        }

        double forecast = model.Predict(features, level);
        w.Expect(minute + horizon, forecast, horizon);
        w.Published = w.Guard.Trusted ? Published(ReactiveReasonKind.None, predicted: forecast)
            : w.Guard.Matured < ForecastGuard.MinMatured ? Published(ReactiveReasonKind.FewChecked, w.Guard.Matured, predicted: forecast)
            : Published(ReactiveReasonKind.TooFarOff, predicted: forecast);
    }
}
