using System.Diagnostics.Metrics;

namespace KernelTruth.NodeSensor.Prometheus;

/// <summary>
/// Accumulates the deltas of a Counter (exposed as a counter) or UpDownCounter (exposed as a
/// gauge) per distinct label set, for the life of the exporter.
/// </summary>
internal sealed class SumAggregator(Instrument instrument, MetricType type) : InstrumentAggregator(instrument, type)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<LabelSet, double> _sums = [];

    public override void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var labels = LabelSet.FromTags(tags);
        lock (_lock)
        {
            _sums[labels] = _sums.GetValueOrDefault(labels) + value;
        }
    }

    public override MetricFamily Snapshot()
    {
        MetricSample[] samples;
        lock (_lock)
        {
            samples = [.. _sums.Select(s => new MetricSample(s.Key, s.Value))];
        }

        return Type == MetricType.Counter
            ? MetricFamily.Counter(Name, Help, samples)
            : MetricFamily.Gauge(Name, Help, samples);
    }
}
