using System.Collections.Concurrent;
using System.Diagnostics;
using KernelTruth.Models.Input;
using Microsoft.Extensions.Logging;
using Signal = KernelTruth.Cluster.Backfill.CadvisorQueries.Signal;

namespace KernelTruth.Cluster.Backfill;

/// <summary>
/// Reads the day-0 history of workloads that have no model, in the background: one namespace and at most
/// <see cref="HistoryOptions.WorkloadsPerQuery"/> workloads per query, one <see cref="HistoryOptions.ChunkLength"/> of
/// time per query, <see cref="HistoryOptions.Concurrency"/> queries in flight. Each batch's workload containers become
/// intervals (<see cref="HistoryIntervals"/>) and wait in <see cref="TryTake"/> for the loop to feed them to the models;
/// until then their keys are <see cref="IsPending"/>, so the sensor's intervals do not start a model the history then
/// could not precede. Prometheus that cannot be read (unreachable, 401, not Prometheus) ends the bootstrap with one
/// line in the log; the recommender carries on from the sensor alone.
/// </summary>
public sealed partial class HistoryBootstrap(PrometheusClient client, HistoryOptions options, TimeProvider time, ILogger logger) : IDisposable
{
    /// <summary>What <c>RecommenderEngine.Bootstrap</c> records as the history's source.</summary>
    public const string Source = "prometheus";

    private readonly ConcurrentQueue<(string Key, List<WorkloadInterval> Intervals)> _ready = new();
    private readonly ConcurrentDictionary<string, byte> _pending = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();

    /// <summary>True while a workload container's history is being read.</summary>
    public bool IsPending(string key) => _pending.ContainsKey(key);

    /// <summary>Queries sent so far (the test and the log's summary read it).</summary>
    public int Queries => Volatile.Read(ref _queries);

    private int _queries;

    /// <summary>Starts reading; the task ends when every target's history is queued (or could not be read).</summary>
    public Task Start(IReadOnlyList<HistoryTarget> targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        foreach (var target in targets)
        {
            foreach (var container in target.Containers.Keys)
            {
                _pending[target.Workload.Key(container)] = 0;
            }
        }

        return Task.Run(() => RunAsync(targets, _stop.Token));
    }

    /// <summary>One workload container's intervals, oldest first, replicas interleaved; the key stays pending until <see cref="Applied"/>.</summary>
    public bool TryTake(out (string Key, List<WorkloadInterval> Intervals) item) => _ready.TryDequeue(out item);

    /// <summary>The loop has fed <paramref name="key"/>'s history to its model: sensor intervals may follow.</summary>
    public void Applied(string key) => _pending.TryRemove(key, out _);

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }

    private async Task RunAsync(IReadOnlyList<HistoryTarget> targets, CancellationToken ct)
    {
        long started = Stopwatch.GetTimestamp();
        var end = Floor(time.GetUtcNow(), options.Step);
        var start = end - TimeSpan.FromDays(options.Days);
        var chunks = new List<(DateTimeOffset From, DateTimeOffset To)>();
        for (var from = start; from < end; from += options.ChunkLength)
        {
            chunks.Add((from, from + options.ChunkLength < end ? from + options.ChunkLength : end));
        }

        int containers = 0, failed = 0;
        try
        {
            await client.ProbeAsync(ct).ConfigureAwait(false);
            foreach (var batch in targets.GroupBy(t => t.Workload.Namespace, StringComparer.Ordinal).SelectMany(g => g.Chunk(options.WorkloadsPerQuery)))
            {
                var (read, lost) = await ReadBatchAsync(batch, chunks, ct).ConfigureAwait(false);
                containers += read;
                failed += lost;
            }

            Log.Finished(logger, client.ToString(), containers, targets.Sum(t => t.Containers.Count), options.Days, Queries, failed, Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
        catch (HistoryUnavailableException ex)
        {
            Log.Unavailable(logger, ex.Message);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            Log.Failed(logger, client.ToString(), ex);
        }
        finally
        {
            // Whatever was not read is not waited for: the sensor's data starts those models.
            foreach (var key in _pending.Keys.Except(_ready.Select(r => r.Key), StringComparer.Ordinal).ToList())
            {
                _pending.TryRemove(key, out _);
            }
        }
    }

    /// <summary>All signals × chunks of one batch; returns the containers queued and the queries that failed.</summary>
    private async Task<(int Containers, int Failed)> ReadBatchAsync(HistoryTarget[] batch, List<(DateTimeOffset From, DateTimeOffset To)> chunks, CancellationToken ct)
    {
        string ns = batch[0].Workload.Namespace;
        var patterns = batch.Select(t => (Target: t, Pattern: PodNamePattern.For(t.Workload, t.LivePods))).ToList();
        string pattern = string.Join('|', patterns.Select(p => p.Pattern));
        var results = new ConcurrentBag<(Signal Signal, PromSeries Series)>();
        int failed = 0;
        var queries = CadvisorQueries.All.SelectMany(s => chunks.Select(c => (Signal: s, c.From, c.To)));
        await Parallel.ForEachAsync(queries, new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency, CancellationToken = ct }, async (q, token) =>
        {
            Interlocked.Increment(ref _queries);
            try
            {
                // Points at From+step … To: each covers the step before it, so chunks meet without overlap.
                foreach (var series in await client.QueryRangeAsync(CadvisorQueries.For(q.Signal, ns, pattern, options.Step), q.From + options.Step, q.To, options.Step, token).ConfigureAwait(false))
                {
                    results.Add((q.Signal, series));
                }
            }
            catch (InvalidDataException ex)
            {
                Interlocked.Increment(ref failed);
                Log.QueryFailed(logger, ns, ex.Message);
            }
        }).ConfigureAwait(false);

        // Each pod to the workload whose names it matches; of two (web's and web-api's), the longer name is the more specific.
        var byContainer = new Dictionary<string, Dictionary<string, Dictionary<Signal, List<(long, double)>>>>(StringComparer.Ordinal);
        foreach (var (signal, series) in results)
        {
            var owner = patterns.Where(p => p.Target.LivePods.Contains(series.Pod) || PodNamePattern.Matches(p.Pattern, series.Pod))
                .OrderByDescending(p => p.Target.LivePods.Contains(series.Pod)).ThenByDescending(p => p.Target.Workload.Name.Length).Select(p => p.Target).FirstOrDefault();
            if (owner is null || !owner.Containers.ContainsKey(series.Container))
            {
                continue;
            }

            string key = owner.Workload.Key(series.Container);
            var pods = byContainer.TryGetValue(key, out var p1) ? p1 : byContainer[key] = new(StringComparer.Ordinal);
            var signals = pods.TryGetValue(series.Pod, out var p2) ? p2 : pods[series.Pod] = [];
            (signals.TryGetValue(signal, out var points) ? points : signals[signal] = []).AddRange(series.Points);
        }

        int queued = 0;
        foreach (var target in batch)
        {
            foreach (var (container, resources) in target.Containers)
            {
                string key = target.Workload.Key(container);
                if (!byContainer.TryGetValue(key, out var pods))
                {
                    _pending.TryRemove(key, out _);
                    continue;
                }

                // Replicas interleaved by time (then by pod name, for the same bits every run): the engine pools them.
                var intervals = pods.OrderBy(p => p.Key, StringComparer.Ordinal)
                    .SelectMany(p => HistoryIntervals.Build(p.Value.ToDictionary(s => s.Key, s => (IReadOnlyList<(long, double)>)s.Value), resources, options.Step))
                    .OrderBy(i => i.Time)
                    .ToList();
                _ready.Enqueue((key, intervals));
                queued++;
            }
        }

        return (queued, failed);
    }

    private static DateTimeOffset Floor(DateTimeOffset t, TimeSpan step) => new(t.UtcTicks / step.Ticks * step.Ticks, TimeSpan.Zero);

    private static partial class Log
    {
        [LoggerMessage(EventId = 4301, Level = LogLevel.Information, Message = "History from Prometheus at {Server}: {Containers} of {Targets} workload containers, {Days} days, in {Queries} queries ({Failed} failed) and {Seconds:0.0} s")]
        public static partial void Finished(ILogger logger, string server, int containers, int targets, int days, int queries, int failed, double seconds);

        [LoggerMessage(EventId = 4302, Level = LogLevel.Warning, Message = "No history from Prometheus: {Reason}; the models start from the sensor's data")]
        public static partial void Unavailable(ILogger logger, string reason);

        [LoggerMessage(EventId = 4303, Level = LogLevel.Warning, Message = "History of namespace '{Namespace}': {Reason}; that chunk is skipped")]
        public static partial void QueryFailed(ILogger logger, string @namespace, string reason);

        [LoggerMessage(EventId = 4304, Level = LogLevel.Error, Message = "History from Prometheus at {Server} failed; the models start from the sensor's data")]
        public static partial void Failed(ILogger logger, string server, Exception exception);
    }
}
