using KernelTruth.Recommender.Configuration;

namespace KernelTruth.Recommender.Routines;

/// <summary>
/// Healthy = every routine finished within 5× its own interval (VPA: no loop in 5× interval).
/// "Finished" means ran to its end, failed parts included: a sensor that is down or
/// a sink whose API writes fail is logged, and restarting the recommender would not fix it; a
/// routine that hangs or a loop that stopped would. Ingest and output run every loop, fit and
/// checkpoint when their intervals are due. The clock starts at construction, so a process is
/// healthy for its first 5 intervals. Example: ingest every 10 s → unhealthy once no ingest has
/// finished for more than 50 s.
/// </summary>
internal sealed class RoutineHealth
{
    private readonly TimeProvider _time;
    private readonly TimeSpan[] _intervals;
    private readonly long[] _lastFinishedUtcTicks;

    public RoutineHealth(TimeProvider time, RecommenderOptions options)
    {
        _time = time;
        _intervals = [options.IngestInterval, options.FitInterval, options.IngestInterval, options.CheckpointInterval];
        long now = time.GetUtcNow().UtcTicks;
        _lastFinishedUtcTicks = [now, now, now, now];
    }

    public void Finished(RoutinePhase phase) => Interlocked.Exchange(ref _lastFinishedUtcTicks[(int)phase], _time.GetUtcNow().UtcTicks);

    public DateTimeOffset LastFinished(RoutinePhase phase) => new(Interlocked.Read(ref _lastFinishedUtcTicks[(int)phase]), TimeSpan.Zero);

    public bool IsHealthy(out string reason)
    {
        var now = _time.GetUtcNow();
        var parts = new List<string>(4);
        var stale = new List<string>(4);
        foreach (var phase in Enum.GetValues<RoutinePhase>())
        {
            var age = now - LastFinished(phase);
            var limit = RecommenderDefaults.HealthIntervals * _intervals[(int)phase];
            string name = phase.ToString().ToLowerInvariant();
            if (age > limit)
            {
                stale.Add($"{name} has not finished for {age.TotalSeconds:0.#} s (limit {limit.TotalSeconds:0.#} s = {RecommenderDefaults.HealthIntervals} × {_intervals[(int)phase].TotalSeconds:0.#} s)");
            }
            else
            {
                parts.Add($"{name} {age.TotalSeconds:0.#} s ago");
            }
        }

        reason = stale.Count > 0 ? string.Join("; ", stale) : "finished: " + string.Join(", ", parts);
        return stale.Count == 0;
    }
}
