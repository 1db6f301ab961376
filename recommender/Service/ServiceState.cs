using System.Globalization;
using KernelTruth.Cluster.Attribution;
using KernelTruth.Cluster.Controllers;
using KernelTruth.Kubernetes.Resources;
using Prometheus;

namespace KernelTruth.Service;

/// <summary>
/// What /healthz, /readyz and /metrics report: written by the loop, read by the endpoints. The counters
/// live in a prometheus-net registry of their own (<see cref="Metrics"/>) with the process metrics of
/// <see cref="DotNetStats"/> beside them; the default registry's EventCounter and Meter adapters are left
/// out, as they export every runtime and ASP.NET Core counter under names we do not choose.
/// </summary>
internal sealed class ServiceState
{
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;
    private readonly DateTimeOffset _started;
    private readonly Counter _cycles, _cycleFailures, _sensorReads, _sensorFailures, _intervals, _vpaWrites, _profileWrites, _apiErrors, _adapterRequests;
    private readonly Gauge _lastCycleSeconds, _vpasOwned, _adapterPods, _leader;
    private DateTimeOffset? _lastCycle;

    public ServiceState(TimeProvider time, TimeSpan interval)
    {
        _time = time;
        _interval = interval;
        _started = time.GetUtcNow();
        Metrics = Prometheus.Metrics.NewCustomRegistry();
        DotNetStats.Register(Metrics);
        var factory = Prometheus.Metrics.WithCustomRegistry(Metrics);
        _cycles = factory.CreateCounter("ktruth_recommender_cycles_total", "Recommender cycles completed.");
        _cycleFailures = factory.CreateCounter("ktruth_recommender_cycle_failures_total", "Recommender cycles that failed as a whole.");
        _lastCycleSeconds = factory.CreateGauge("ktruth_recommender_last_cycle_seconds", "Duration of the last cycle.");
        _sensorReads = factory.CreateCounter("ktruth_recommender_sensor_reads_total", "Sensor snapshots read.");
        _sensorFailures = factory.CreateCounter("ktruth_recommender_sensor_failures_total", "Sensor reads that failed or timed out.");
        _intervals = factory.CreateCounter("ktruth_recommender_intervals_total", "Container intervals fed to the models.");
        _vpaWrites = factory.CreateCounter("ktruth_recommender_vpa_status_writes_total", "VPA status writes.");
        _profileWrites = factory.CreateCounter("ktruth_recommender_profile_writes_total", "WorkloadProfile writes.");
        _apiErrors = factory.CreateCounter("ktruth_recommender_api_errors_total", "API writes that failed (retried next cycle).");
        _vpasOwned = factory.CreateGauge("ktruth_recommender_vpas_owned", "VPAs whose spec.recommenders names us.");
        _adapterPods = factory.CreateGauge("ktruth_recommender_adapter_pods", "Pods the metrics adapter serves values for.");
        _leader = factory.CreateGauge("ktruth_recommender_leader", "1 when this replica holds the Lease.");
        _adapterRequests = factory.CreateCounter("ktruth_recommender_adapter_requests_total", "Requests the metrics adapter answered, by HTTP status code.", ["code"]);
        Recommendations = new RecommendationGauges(factory);
        PodWorkloads = new PodWorkloadInfo(factory);
    }

    /// <summary>Recommended vs applied resources per workload container (<see cref="ExportRecommendations"/>).</summary>
    public RecommendationGauges Recommendations { get; }

    /// <summary>Which workload each live pod belongs to (<see cref="ExportRecommendations"/>).</summary>
    public PodWorkloadInfo PodWorkloads { get; }

    /// <summary>What /metrics serves.</summary>
    public CollectorRegistry Metrics { get; }

    public bool Synced { get; set; }

    public void Completed(CycleReport report, TimeSpan took)
    {
        lock (_lock)
        {
            _lastCycle = _time.GetUtcNow();
        }

        _cycles.Inc();
        _sensorReads.Inc(report.SensorsRead);
        _sensorFailures.Inc(report.SensorsFailed);
        _intervals.Inc(report.Intervals);
        _vpaWrites.Inc(report.VpaWrites);
        _profileWrites.Inc(report.ProfileWrites);
        _apiErrors.Inc(report.ApiErrors);
        _vpasOwned.Set(report.VpasOwned);
        _leader.Set(report.Leader ? 1 : 0);
        _lastCycleSeconds.Set(took.TotalSeconds);
    }

    /// <summary>
    /// Brings <see cref="Recommendations"/> and <see cref="PodWorkloads"/> up to date before each collection from
    /// <paramref name="source"/>: whether this replica leads, the WorkloadProfiles, and the pod index (which pods are live and whose).
    /// </summary>
    public void ExportRecommendations(Func<(bool Leader, IEnumerable<WorkloadProfile> Profiles, PodIndex Index)> source)
    {
        ArgumentNullException.ThrowIfNull(source);
        Metrics.AddBeforeCollectCallback(() =>
        {
            var (leader, profiles, index) = source();
            Recommendations.Sync(leader, profiles, index);
            PodWorkloads.Sync(leader, index);
        });
    }

    /// <summary>The metrics adapter answered a request with <paramref name="statusCode"/>.</summary>
    public void AdapterAnswered(int statusCode) => _adapterRequests.WithLabels(statusCode.ToString(CultureInfo.InvariantCulture)).Inc();

    /// <summary>The metrics adapter published values for this many pods.</summary>
    public void Published(int pods) => _adapterPods.Set(pods);

    public void Failed() => _cycleFailures.Inc();

    /// <summary>Healthy while a cycle finished within 5 intervals (or the process is younger than that).</summary>
    public bool IsHealthy(out string reason)
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            var since = now - (_lastCycle ?? _started);
            reason = _lastCycle is null ? $"no cycle yet, started {since.TotalSeconds:0} s ago" : $"last cycle {since.TotalSeconds:0.#} s ago";
            return since <= _interval * 5;
        }
    }
}
