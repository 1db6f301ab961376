using System.Diagnostics;
using KernelTruth.Simulations.Forecast;

namespace KernelTruth.Recommender.Forecast;

/// <summary>
/// The global forecaster's examples and its fits. Examples (features at t, demand at t + h over the level) come from
/// every workload as its minutes finish, into a reservoir of at most <see cref="MaxExamples"/> (a uniform sample of
/// all seen: memory and fit time stay bounded however many workloads and weeks there are). A fit runs on a
/// background thread at most once per <see cref="ForecastSettings.RetrainInterval"/> of wall time, the first as soon
/// as <see cref="MinExamples"/> examples are there; the loop keeps predicting with the previous model until the new
/// one is ready. Measured (docs/forecasting.md): 20 000 examples fit in ~1–2 s of one CPU.
/// </summary>
internal sealed class ForecastTraining(TimeSpan retrainInterval)
{
    public const int MaxExamples = 20_000;
    public const int MinExamples = 100;

    private readonly List<ForecastExample> _examples = [];
    private readonly Random _random = new(17);
    private long _seen;
    private DateTimeOffset? _lastStarted;
    private Task<(DemandForecaster Model, byte[] Saved, TimeSpan Took)>? _running;

    /// <summary>The model predictions use; null before the first fit finished (or a saved one was restored).</summary>
    public DemandForecaster? Current { get; private set; }

    /// <summary>
    /// <see cref="Current"/> as a checkpoint keeps it (<see cref="DemandForecaster.ToBytes"/>, ~77 KB), made on the fit's
    /// thread once per fit: checkpoints only hand the same array on, and a store can tell a new fit by its reference.
    /// </summary>
    public byte[]? Saved { get; private set; }

    /// <summary>Predictions use a model restored from a checkpoint until the next fit lands.</summary>
    public void Restore(DemandForecaster model, byte[] saved) => (Current, Saved) = (model, saved);

    public int Examples => _examples.Count;

    /// <summary>How long the last finished fit took (wall time of its thread); null before one finished.</summary>
    public TimeSpan? LastFitTook { get; private set; }

    /// <summary>Why the last fit failed; null when it did not.</summary>
    public string? LastFailure { get; private set; }

    /// <summary>The fit running now, if any (tests wait for it).</summary>
    public Task? Running => _running;

    public void Add(float[] features, float label)
    {
        _seen++;
        if (_examples.Count < MaxExamples)
        {
            _examples.Add(new ForecastExample(features, label));
        }
        else if (_random.NextInt64(_seen) is long j && j < MaxExamples)
        {
            _examples[(int)j] = new ForecastExample(features, label); // reservoir sampling: each seen example kept with p = Max/seen
        }
    }

    /// <summary>
    /// Takes a finished fit's model, then starts the next fit when due. Returns true when a new model was taken.
    /// Never blocks: the fit is a copy of the examples on a thread-pool thread.
    /// </summary>
    public bool Poll(DateTimeOffset now)
    {
        bool taken = false;
        if (_running is { IsCompleted: true } done)
        {
            _running = null;
            if (done.IsCompletedSuccessfully)
            {
                (Current, Saved, LastFitTook, LastFailure) = (done.Result.Model, done.Result.Saved, done.Result.Took, null);
                taken = true;
            }
            else
            {
                LastFailure = done.Exception?.GetBaseException().Message ?? "cancelled";
            }
        }

        bool due = _running is null && _examples.Count >= MinExamples && (_lastStarted is not { } last || now - last >= retrainInterval);
        if (due)
        {
            _lastStarted = now;
            ForecastExample[] copy = [.. _examples];
            _running = Task.Run(() =>
            {
                long started = Stopwatch.GetTimestamp();
                var model = DemandForecaster.Train(copy);
                return (model, model.ToBytes(), Stopwatch.GetElapsedTime(started));
            });
        }

        return taken;
    }
}
