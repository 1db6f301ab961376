using System.Globalization;
using System.Text;
using KernelTruth.Cluster.Controllers;

namespace KernelTruth.Service;

/// <summary>What /healthz, /readyz and /metrics report: written by the loop, read by the endpoints.</summary>
internal sealed class ServiceState(TimeProvider time, TimeSpan interval)
{
    private readonly Lock _lock = new();
    private readonly DateTimeOffset _started = time.GetUtcNow();
    private DateTimeOffset? _lastCycle;
    private long _cycles, _cycleFailures, _sensorReads, _sensorFailures, _intervals, _vpaWrites, _profileWrites, _apiErrors;
    private int _vpasOwned, _adapterPods;
    private bool _leader;
    private double _lastCycleSeconds;

    public bool Synced { get; set; }

    public void Completed(CycleReport report, TimeSpan took)
    {
        lock (_lock)
        {
            _lastCycle = time.GetUtcNow();
            _cycles++;
            _sensorReads += report.SensorsRead;
            _sensorFailures += report.SensorsFailed;
            _intervals += report.Intervals;
            _vpaWrites += report.VpaWrites;
            _profileWrites += report.ProfileWrites;
            _apiErrors += report.ApiErrors;
            _vpasOwned = report.VpasOwned;
            _leader = report.Leader;
            _lastCycleSeconds = took.TotalSeconds;
        }
    }

    /// <summary>The metrics adapter published values for this many pods.</summary>
    public void Published(int pods)
    {
        lock (_lock)
        {
            _adapterPods = pods;
        }
    }

    public void Failed()
    {
        lock (_lock)
        {
            _cycleFailures++;
        }
    }

    /// <summary>Healthy while a cycle finished within 5 intervals (or the process is younger than that).</summary>
    public bool IsHealthy(out string reason)
    {
        lock (_lock)
        {
            var now = time.GetUtcNow();
            var since = now - (_lastCycle ?? _started);
            reason = _lastCycle is null ? $"no cycle yet, started {since.TotalSeconds:0} s ago" : $"last cycle {since.TotalSeconds:0.#} s ago";
            return since <= interval * 5;
        }
    }

    public string Metrics()
    {
        lock (_lock)
        {
            var text = new StringBuilder();
            void Metric(string name, string type, string help, double value)
            {
                text.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} {type}\n{name} {value.ToString(CultureInfo.InvariantCulture)}\n");
            }

            Metric("ktruth_recommender_cycles_total", "counter", "Recommender cycles completed.", _cycles);
            Metric("ktruth_recommender_cycle_failures_total", "counter", "Recommender cycles that failed as a whole.", _cycleFailures);
            Metric("ktruth_recommender_last_cycle_seconds", "gauge", "Duration of the last cycle.", _lastCycleSeconds);
            Metric("ktruth_recommender_sensor_reads_total", "counter", "Sensor snapshots read.", _sensorReads);
            Metric("ktruth_recommender_sensor_failures_total", "counter", "Sensor reads that failed or timed out.", _sensorFailures);
            Metric("ktruth_recommender_intervals_total", "counter", "Container intervals fed to the models.", _intervals);
            Metric("ktruth_recommender_vpa_status_writes_total", "counter", "VPA status writes.", _vpaWrites);
            Metric("ktruth_recommender_profile_writes_total", "counter", "WorkloadProfile writes.", _profileWrites);
            Metric("ktruth_recommender_api_errors_total", "counter", "API writes that failed (retried next cycle).", _apiErrors);
            Metric("ktruth_recommender_vpas_owned", "gauge", "VPAs whose spec.recommenders names us.", _vpasOwned);
            Metric("ktruth_recommender_adapter_pods", "gauge", "Pods the metrics adapter serves values for.", _adapterPods);
            Metric("ktruth_recommender_leader", "gauge", "1 when this replica holds the Lease.", _leader ? 1 : 0);
            return text.ToString();
        }
    }
}
