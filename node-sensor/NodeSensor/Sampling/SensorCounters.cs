using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace KernelTruth.NodeSensor.Sampling;

/// <summary>
/// What the sensor lost or could not read, counted for /metrics (System.Diagnostics.Metrics) and
/// for the snapshot's sensor.errors, so a degraded sensor is visible rather than silently wrong.
/// </summary>
internal sealed class SensorCounters : IDisposable
{
    public const string MeterName = "KernelTruth.NodeSensor";

    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _errors;
    private readonly Histogram<double> _readSeconds;
    private readonly ConcurrentDictionary<string, ulong> _totals = new(StringComparer.Ordinal);

    public SensorCounters()
    {
        _errors = _meter.CreateCounter<long>("ktruth_sensor_errors", description: "Cgroups or files the sensor could not read, by reason.");
        _readSeconds = _meter.CreateHistogram<double>("ktruth_sensor_read_duration_seconds", unit: "s",
            description: "Time to read the BPF maps and cgroup files into one snapshot.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5] });
    }

    public void CgroupGone() => Count("cgroup_gone", []);

    public void FileFormatError(string file) => Count("file_format", [new("file", file)]);

    public void ReadFailed() => Count("read_failed", []);

    public void ReadDuration(TimeSpan elapsed) => _readSeconds.Record(elapsed.TotalSeconds);

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

    public void Dispose() => _meter.Dispose();

    private void Count(string reason, KeyValuePair<string, object?>[] extra)
    {
        _totals.AddOrUpdate(reason, 1, (_, n) => n + 1);
        var tags = new TagList { { "reason", reason } };
        foreach (var tag in extra)
        {
            tags.Add(tag);
        }

        _errors.Add(1, tags);
    }
}
