using KernelTruth.Cluster.Attribution;
using KernelTruth.Contracts.Units;
using KernelTruth.Kubernetes.Resources;
using KernelTruth.Recommender.Forecast;
using Prometheus;

namespace KernelTruth.Service;

/// <summary>
/// Recommended beside applied requests and limits, one series per workload container and value, from the
/// WorkloadProfiles (what `kubectl get ktp` shows): the recommendation, the current resources of the workload's pods,
/// the recommendation's confidence, the modelled per-period demand (p50, p95, p99) and the measured container starts
/// (ready seconds and startup CPU, p50 and p90); and, from the engine after each loop (<see cref="ForecastSeriesSink"/>),
/// not from the profiles, whose refresh may hold it back for minutes, the published demand forecast with its source.
/// Labels namespace, workload_kind, workload, container (and percentile on the distributions, source on the
/// forecast). Only the Lease holder exports them (the standby would repeat every series), and only for workloads that
/// still have live pods, so a deleted workload's series go at the next scrape: at most 15 series per workload
/// container. A value not set (no limit, no start seen, no minute finished) has no series.
/// </summary>
internal sealed class RecommendationGauges
{
    private static readonly string[] Labels = ["namespace", "workload_kind", "workload", "container"];
    private readonly Lock _lock = new();
    private readonly (Gauge Gauge, Func<WorkloadProfileStatus, double?> Value)[] _gauges;
    private readonly Gauge _demand;
    private readonly Gauge _startupReady;
    private readonly Gauge _startupCpu;
    private readonly Gauge _forecast;
    private IReadOnlyList<WorkloadForecast> _forecasts = [];

    public RecommendationGauges(IMetricFactory metrics)
    {
        Gauge Make(string name, string help) => metrics.CreateGauge(name, help, Labels);
        _gauges =
        [
            (Make("ktruth_workload_cpu_request_recommended_cores", "CPU request kernel-truth recommends for the workload container."), s => Cores(s.Recommendation?.CpuRequest)),
            (Make("ktruth_workload_cpu_limit_recommended_cores", "CPU limit kernel-truth recommends (absent: no limit)."), s => Cores(s.Recommendation?.CpuLimit)),
            (Make("ktruth_workload_memory_request_recommended_bytes", "Memory request kernel-truth recommends."), s => Bytes(s.Recommendation?.MemoryRequest)),
            (Make("ktruth_workload_recommendation_confidence", "Confidence of the recommendation, 0-1 (d/(1+d) for d days of history)."), s => s.Recommendation?.Confidence),
            (Make("ktruth_workload_cpu_request_cores", "CPU request the workload's pods run with now (absent: none)."), s => Cores(s.Current?.CpuRequest)),
            (Make("ktruth_workload_cpu_limit_cores", "CPU limit the workload's pods run with now (absent: none)."), s => Cores(s.Current?.CpuLimit)),
            (Make("ktruth_workload_memory_request_bytes", "Memory request the workload's pods run with now (absent: none)."), s => Bytes(s.Current?.MemoryRequest)),
        ];
        _startupReady = metrics.CreateGauge("ktruth_workload_startup_ready_seconds", "Container start measured in the kernel: first exec to first listen (or to CPU settled), by percentile (50, 90) of recent starts.", [.. Labels, "percentile"]);
        _startupCpu = metrics.CreateGauge("ktruth_workload_startup_cpu_core_seconds", "CPU a container burned from its cgroup's creation to N seconds after its first exec, by percentile (50, 90) of recent starts.", [.. Labels, "percentile"]);
        _forecast = metrics.CreateGauge("ktruth_workload_cpu_demand_forecast_cores", "CPU demand of the whole workload container (all replicas) a horizon ahead, as the external metric cpu_demand_forecast_cores gives the HPA; source: forecast, or reactive (the last minute's demand) while the forecast is not trusted.", [.. Labels, "source"]);
        _demand = metrics.CreateGauge("ktruth_workload_cpu_demand_per_period_cores", "Modelled CPU demand per CFS period (usage plus what throttling hid), by percentile (50, 95, 99).", [.. Labels, "percentile"]);
    }

    /// <summary>The forecasts of the last loop (<see cref="ForecastSeriesSink"/>); a scrape shows those whose workload has live pods.</summary>
    public IReadOnlyList<WorkloadForecast> Forecasts
    {
        get => Volatile.Read(ref _forecasts);
        set => Volatile.Write(ref _forecasts, value);
    }

    /// <summary>Shows <paramref name="profiles"/> and <see cref="Forecasts"/> whose workload has live pods in <paramref name="index"/>; everything else goes.</summary>
    public void Sync(bool leader, IEnumerable<WorkloadProfile> profiles, PodIndex index)
    {
        var wanted = new Dictionary<string, (string[] Labels, WorkloadProfileStatus Status)>(StringComparer.Ordinal);
        if (leader)
        {
            foreach (var p in profiles)
            {
                if (p.Metadata?.NamespaceProperty is { } ns && p.Spec is { TargetRef: { Kind: { } kind, Name: { } name }, ContainerName: { } container }
                    && p.Status is { } status && index.Find(ns, kind, name) is not null)
                {
                    string[] labels = [ns, kind, name, container];
                    wanted[string.Join('\0', labels)] = (labels, status);
                }
            }
        }

        lock (_lock)
        {
            foreach (var (gauge, value) in _gauges)
            {
                GaugeSeries.SetExactly(gauge, [.. wanted.Values.Select(w => (w.Labels, Value: value(w.Status))).Where(w => w.Value is not null).Select(w => (w.Labels, w.Value!.Value))]);
            }

            GaugeSeries.SetExactly(_demand, [.. wanted.Values
                .Where(w => w.Status.Measured?.DemandCores is not null)
                .SelectMany(w => new[] { ("50", w.Status.Measured!.DemandCores!.P50), ("95", w.Status.Measured.DemandCores.P95), ("99", w.Status.Measured.DemandCores.P99) }
                    .Select(q => ((string[])[.. w.Labels, q.Item1], q.Item2)))]);
            GaugeSeries.SetExactly(_forecast, leader ? Live(Forecasts, index) : []);
            GaugeSeries.SetExactly(_startupReady, Percentiles(wanted.Values, s => s.Measured?.Startup?.ReadySeconds));
            GaugeSeries.SetExactly(_startupCpu, Percentiles(wanted.Values, s => s.Measured?.Startup?.CpuCoreSeconds));
        }
    }

    private static (string[] Labels, double Value)[] Percentiles(IEnumerable<(string[] Labels, WorkloadProfileStatus Status)> wanted, Func<WorkloadProfileStatus, ProfileStartupPercentiles?> of) =>
        [.. wanted
            .Select(w => (w.Labels, Value: of(w.Status)))
            .Where(w => w.Value is not null)
            .SelectMany(w => new[] { ("50", w.Value!.P50), ("90", w.Value.P90) }.Select(q => ((string[])[.. w.Labels, q.Item1], q.Item2)))];

    private static List<(string[] Labels, double Value)> Live(IReadOnlyList<WorkloadForecast> forecasts, PodIndex index)
    {
        var live = new List<(string[], double)>();
        foreach (var f in forecasts)
        {
            if (WorkloadRef.TryParseKey(f.Workload, out string ns, out string kind, out string name, out string container) && index.Find(ns, kind, name) is not null)
            {
                live.Add(([ns, kind, name, container, f.FromForecaster ? ForecastSources.Forecast : ForecastSources.Reactive], f.Cores));
            }
        }

        return live;
    }

    // Quantities come from our own writer (and the API server's pod specs); one that does not parse is not shown.
    private static double? Cores(string? quantity) => Quantity.TryParse(quantity, out var value, out _) ? (double)value : null;

    private static double? Bytes(string? quantity) => Quantity.TryParse(quantity, out var value, out _) ? (double)decimal.Ceiling(value) : null;
}
