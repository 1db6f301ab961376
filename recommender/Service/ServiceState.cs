using System.Globalization;
using KernelTruth.Cluster.Attribution;
using KernelTruth.Cluster.Checkpoint;
using KernelTruth.Cluster.Controllers;
using KernelTruth.Kubernetes.Resources;
using KernelTruth.MetricsAdapter.Store;
using KernelTruth.Recommender.Output;
using KernelTruth.Recommender.Routines;
using Prometheus;

namespace KernelTruth.Service;

/// <summary>
/// What /readyz and /metrics report: the loop's reports counted (<see cref="Record"/>, after every loop), and whether
/// the informers have synced. The counters live in a prometheus-net registry of their own (<see cref="Metrics"/>) with
/// the process metrics of <see cref="DotNetStats"/> beside them; the default registry's EventCounter and Meter adapters
/// are left out, as they export every runtime and ASP.NET Core counter under names we do not choose.
/// </summary>
internal sealed class ServiceState
{
    private readonly Counter _cycles, _cycleFailures, _sensorReads, _sensorFailures, _intervals, _vpaWrites, _profileWrites, _profileDeferred, _apiErrors, _sinkFailures, _adapterRequests;
    private readonly Gauge _lastCycleSeconds, _vpasOwned, _adapterPods, _leader;

    public ServiceState()
    {
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
        _profileDeferred = factory.CreateCounter("ktruth_recommender_profile_writes_deferred_total", "WorkloadProfile changes held back until the profile's refresh (--profile-refresh-interval), one per profile per loop.");
        _apiErrors = factory.CreateCounter("ktruth_recommender_api_errors_total", "API writes that failed (retried next cycle).");
        _sinkFailures = factory.CreateCounter("ktruth_recommender_sink_failures_total", "Cycles in which a sink failed (threw, or some of its items failed), by sink.", "sink");
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

    /// <summary>
    /// One loop, counted: a loop whose phase stopped at an unexpected exception counts as failed as a whole; sinks
    /// skipped on a standby write nothing and own no VPAs (0), and a sink that threw leaves its gauge as it was.
    /// </summary>
    public void Record(LoopReport report, bool leader)
    {
        ArgumentNullException.ThrowIfNull(report);
        (report.Aborted ? _cycleFailures : _cycles).Inc();
        _lastCycleSeconds.Set(report.Elapsed.TotalSeconds);
        _sensorReads.Inc(report.Ingest.SensorsRead);
        _sensorFailures.Inc(report.Ingest.SensorsFailed);
        _intervals.Inc(report.Ingest.Intervals);
        _leader.Set(leader ? 1 : 0);
        foreach (var sink in report.Sinks)
        {
            _sinkFailures.WithLabels(sink.Sink).Inc(sink.Outcome == PhaseOutcome.Failed ? 1 : 0);
            Count(sink);
        }
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

    /// <summary>
    /// ktruth_recommender_checkpoints_total{outcome}: what the WorkloadCheckpoint store did (written, restored, and the
    /// problems it survived: unreadable objects started fresh, models over the size bound, 409s re-read, objects of
    /// gone workloads collected, writes that failed), read from <paramref name="counts"/> before each collection.
    /// </summary>
    public void ExportCheckpoints(Func<CheckpointCounts> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var total = Prometheus.Metrics.WithCustomRegistry(Metrics).CreateCounter(
            "ktruth_recommender_checkpoints_total", "WorkloadCheckpoint store outcomes since start, by outcome.", ["outcome"]);
        Metrics.AddBeforeCollectCallback(() =>
        {
            var c = counts();
            foreach (var (outcome, value) in new[]
            {
                ("written", c.Written), ("restored", c.Restored), ("unreadable", c.Unreadable), ("oversized", c.Oversized),
                ("conflict", c.Conflicts), ("collected", c.Collected), ("write_error", c.WriteErrors),
            })
            {
                total.WithLabels(outcome).IncTo(value);
            }
        });
    }

    /// <summary>The metrics adapter answered a request with <paramref name="statusCode"/>.</summary>
    public void AdapterAnswered(int statusCode) => _adapterRequests.WithLabels(statusCode.ToString(CultureInfo.InvariantCulture)).Inc();

    private void Count(SinkReport sink)
    {
        var result = sink.Result;
        if (sink.Aborted)
        {
            return;
        }

        switch (sink.Sink)
        {
            case VpaStatusWriter.SinkName:
                _vpaWrites.Inc(result.Writes);
                _apiErrors.Inc(result.Errors);
                _vpasOwned.Set(result.Items);
                break;
            case WorkloadProfileWriter.SinkName:
                _profileWrites.Inc(result.Writes);
                _profileDeferred.Inc(result.Deferred);
                _apiErrors.Inc(result.Errors);
                break;
            case MetricsAdapterSink.SinkName:
                _adapterPods.Set(result.Items);
                break;
        }
    }
}
