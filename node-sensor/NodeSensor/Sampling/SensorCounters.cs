using System.Collections.Concurrent;
using Prometheus;

namespace KernelTruth.NodeSensor.Sampling;

/// <summary>
/// What the sensor lost or could not read, counted for /metrics (prometheus-net counters in the
/// sensor's registry) and for the snapshot's sensor.errors, so a degraded sensor is visible rather
/// than silently wrong.
/// </summary>
/// <remarks>
/// prometheus-net's own Counter and Histogram rather than a System.Diagnostics.Metrics Meter bridged by
/// its MeterAdapter: the adapter exports a Meter counter as a gauge named after the meter
/// ("kerneltruth_nodesensor_…"), and drops series not updated for five minutes, which would rename
/// ktruth_sensor_errors_total, make it a gauge and lose a rare error's series between scrapes.
/// </remarks>
internal sealed class SensorCounters
{
    private readonly Counter _errors;
    private readonly Histogram _readSeconds;
    private readonly ConcurrentDictionary<string, ulong> _totals = new(StringComparer.Ordinal);

    public SensorCounters(IMetricFactory metrics)
    {
        // "file" is empty for reasons about no file; Prometheus treats an empty label as absent.
        _errors = metrics.CreateCounter("ktruth_sensor_errors_total", "Cgroups or files the sensor could not read, by reason.", ["reason", "file"]);
        _readSeconds = metrics.CreateHistogram("ktruth_sensor_read_duration_seconds", "Time to read the BPF maps and cgroup files into one snapshot.",
            new HistogramConfiguration { Buckets = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5] });
    }

    public void CgroupGone() => Count("cgroup_gone", file: "");

    public void FileFormatError(string file) => Count("file_format", file);

    public void ReadFailed() => Count("read_failed", file: "");

    public void ReadDuration(TimeSpan elapsed) => _readSeconds.Observe(elapsed.TotalSeconds);

    /// <summary>
    /// Sensor-side totals merged with the BPF programs' own error counters and one
    /// "program_unavailable_&lt;object&gt;" entry per optional object that did not load.
    /// </summary>
    public IReadOnlyDictionary<string, ulong> Snapshot(IReadOnlyDictionary<string, ulong> bpfErrors, IEnumerable<string> unavailablePrograms)
    {
        var all = new SortedDictionary<string, ulong>(_totals, StringComparer.Ordinal);
        foreach (var (name, n) in bpfErrors)
        {
            all["bpf_" + name] = n;
        }

        foreach (string program in unavailablePrograms)
        {
            all["program_unavailable_" + program] = 1;
        }

        return all;
    }

    private void Count(string reason, string file)
    {
        _totals.AddOrUpdate(reason, 1, (_, n) => n + 1);
        _errors.WithLabels(reason, file).Inc();
    }
}
