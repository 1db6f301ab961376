using System.Diagnostics.Metrics;

namespace KernelTruth.NodeSensor.Prometheus;

/// <summary>
/// Keeps the last value per label set: a Gauge's latest reading, or an observable instrument's
/// absolute value from the current collection.
/// </summary>
/// <param name="resetEachCollect">
/// True for observable instruments: a series their callback stops reporting (e.g. a container
/// that went away) disappears from the next scrape instead of repeating a stale value forever.
/// </param>
internal sealed class LastValueAggregator(Instrument instrument, MetricType type, bool resetEachCollect)
    : InstrumentAggregator(instrument, type)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<LabelSet, double> _values = [];

    public override void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var labels = LabelSet.FromTags(tags);
        lock (_lock)
        {
            _values[labels] = value;
        }
    }

    public override void BeginCollect()
    {
        if (!resetEachCollect)
        {
            return;
        }

        lock (_lock)
        {
            _values.Clear();
        }
    }

    public override MetricFamily Snapshot()
    {
        MetricSample[] samples;
        lock (_lock)
        {
            samples = [.. _values.Select(s => new MetricSample(s.Key, s.Value))];
        }

        return Type == MetricType.Counter
            ? MetricFamily.Counter(Name, Help, samples)
            : MetricFamily.Gauge(Name, Help, samples);
    }
}
