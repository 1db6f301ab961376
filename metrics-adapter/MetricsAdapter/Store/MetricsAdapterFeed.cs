using KernelTruth.Contracts.Snapshot;
using KernelTruth.MetricsAdapter.Metrics;
using KernelTruth.Recommender.Forecast;
using KernelTruth.Recommender.Logic;
using Microsoft.Extensions.Logging;

namespace KernelTruth.MetricsAdapter.Store;

/// <summary>
/// The adapter's input: sensor snapshots → per-cgroup windows → pods (through the
/// <see cref="IPodAttributor"/>) → a new published view. Data flows one way; the handlers only
/// read what <see cref="Publish"/> published. One caller feeds it (the recommender's loop).
/// </summary>
public sealed partial class MetricsAdapterFeed
{
    private readonly WindowCalculator _windows;
    private readonly IPodAttributor _attributor;
    private readonly MetricsStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    internal MetricsAdapterFeed(MetricsStore store, IPodAttributor attributor, TimeSpan window, TimeProvider time, ILogger logger)
    {
        _store = store;
        _attributor = attributor;
        _time = time;
        _logger = logger;
        _windows = new WindowCalculator(window, logger);
    }

    /// <summary>Adds one node's snapshot. A rejected snapshot is logged and changes nothing.</summary>
    /// <returns>false when the snapshot was rejected.</returns>
    public bool Ingest(NodeSnapshot snapshot)
    {
        try
        {
            _windows.Ingest(snapshot);
            return true;
        }
        catch (KernelTruth.Recommender.Input.SnapshotRejectedException ex)
        {
            Log.SnapshotRejected(_logger, snapshot.Node, ex.Message);
            return false;
        }
    }

    /// <summary>
    /// Makes what was ingested so far the served values. With <paramref name="models"/>, each cgroup also carries its
    /// share of its workload's demand forecast (cpu_demand_forecast_cores): the workload's value split evenly over its
    /// cgroups measured now, so that summed over a workload's pods it is the workload's forecast. Example: a forecast
    /// of 3 cores for a Deployment's container with 4 pods measured ⇒ 0.75 per pod; a selector matching all 4 ⇒ 3.
    /// </summary>
    /// <returns>The number of pods published.</returns>
    public int Publish(IModelView? models = null)
    {
        var now = _time.GetUtcNow();
        var measured = new List<(PodAttribution Who, MetricSums Sums, string? Workload)>();
        var replicas = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (node, cgroup, window) in _windows.Current(now))
        {
            PodAttribution? who;
            try
            {
                who = _attributor.Attribute(node, cgroup);
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or KeyNotFoundException)
            {
                Log.AttributionFailed(_logger, node, cgroup.Path, ex);
                continue; // one cgroup's failure never stops the others
            }

            if (who is null || window.Sum(who.RequestCores) is not { } sums)
            {
                continue;
            }

            string? workload = models?.WorkloadOf(cgroup);
            if (workload is not null)
            {
                replicas[workload] = replicas.GetValueOrDefault(workload) + 1;
            }

            measured.Add((who, sums, workload));
        }

        var pods = new Dictionary<(string Namespace, string Pod), PodBuilder>();
        foreach (var (who, measuredSums, workload) in measured)
        {
            var sums = workload is not null && models!.ForecastCores(workload) is { } forecast
                ? measuredSums with { ForecastCores = forecast.FromForecaster ? forecast.Cores / replicas[workload] : measuredSums.DemandCores }
                : measuredSums;
            var key = (who.Namespace, who.Pod);
            if (!pods.TryGetValue(key, out var pod))
            {
                pod = new PodBuilder(who);
                pods[key] = pod;
            }

            pod.Sums = pod.Sums is null ? sums : pod.Sums.Merge(sums);
        }

        var namespaces = pods.Values
            .GroupBy(p => p.Attribution.Namespace, StringComparer.Ordinal)
            .Select(g => new NamespaceMetrics(g.Key, [.. g.Select(p => new PodMetrics(p.Attribution.Pod, p.Attribution.Labels, p.Attribution.Owners, p.Sums!))]));
        _store.Publish(namespaces);
        return pods.Count;
    }

    private sealed class PodBuilder(PodAttribution attribution)
    {
        public PodAttribution Attribution { get; } = attribution;

        public MetricSums? Sums { get; set; }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "Node '{Node}': snapshot not used for metrics: {Reason}")]
        public static partial void SnapshotRejected(ILogger logger, string node, string reason);

        [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Node '{Node}' cgroup '{Path}': pod attribution failed; not served this time")]
        public static partial void AttributionFailed(ILogger logger, string node, string path, Exception ex);
    }
}
