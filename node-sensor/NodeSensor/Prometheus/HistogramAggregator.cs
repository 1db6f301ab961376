using System.Diagnostics.Metrics;

namespace KernelTruth.NodeSensor.Prometheus;

/// <summary>
/// Aggregates a Histogram&lt;T&gt; into per-bucket counts per label set, with the bucket bounds
/// from the instrument's advice or, without advice, the OpenTelemetry default bounds.
/// </summary>
internal sealed class HistogramAggregator : InstrumentAggregator
{
    /// <summary>
    /// The OpenTelemetry SDK's default explicit bounds. They suit millisecond durations; an
    /// instrument in seconds or bytes should pass <c>InstrumentAdvice.HistogramBucketBoundaries</c>.
    /// </summary>
    public static readonly IReadOnlyList<double> DefaultBounds =
        [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];

    private readonly Lock _lock = new();
    private readonly double[] _bounds;
    private readonly Dictionary<LabelSet, Series> _series = [];

    public HistogramAggregator(Instrument instrument)
        : base(instrument, MetricType.Histogram)
    {
        _bounds = [.. AdvisedBounds(instrument) ?? DefaultBounds];
    }

    public IReadOnlyList<double> Bounds => _bounds;

    public override void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (double.IsNaN(value))
        {
            // NaN would poison _sum for the life of the process and belongs to no bucket.
            return;
        }

        var labels = LabelSet.FromTags(tags);
        var bucket = BucketIndex(value);
        lock (_lock)
        {
            if (!_series.TryGetValue(labels, out var series))
            {
                series = new Series(_bounds.Length + 1);
                _series.Add(labels, series);
            }

            series.Counts[bucket]++;
            series.Sum += value;
        }
    }

    public override MetricFamily Snapshot()
    {
        HistogramSample[] samples;
        lock (_lock)
        {
            samples = [.. _series.Select(s => new HistogramSample(s.Key, _bounds, s.Value.Counts, s.Value.Sum))];
        }

        return MetricFamily.Histogram(Name, Help, samples);
    }

    /// <summary>
    /// Buckets are upper-inclusive like Prometheus' le: with bounds [1, 5], 1 goes to bucket 0,
    /// 1.5 and 5 to bucket 1, 6 to the overflow bucket 2.
    /// </summary>
    private int BucketIndex(double value)
    {
        var index = Array.BinarySearch(_bounds, value);
        return index >= 0 ? index : ~index;
    }

    private static IReadOnlyList<double>? AdvisedBounds(Instrument instrument) => instrument switch
    {
        Instrument<double> i => i.Advice?.HistogramBucketBoundaries,
        Instrument<float> i => ToDoubles(i.Advice?.HistogramBucketBoundaries, b => b),
        Instrument<long> i => ToDoubles(i.Advice?.HistogramBucketBoundaries, b => b),
        Instrument<int> i => ToDoubles(i.Advice?.HistogramBucketBoundaries, b => b),
        Instrument<short> i => ToDoubles(i.Advice?.HistogramBucketBoundaries, b => b),
        Instrument<byte> i => ToDoubles(i.Advice?.HistogramBucketBoundaries, b => b),
        Instrument<decimal> i => ToDoubles(i.Advice?.HistogramBucketBoundaries, b => (double)b),
        _ => null,
    };

    private static double[]? ToDoubles<T>(IReadOnlyList<T>? bounds, Func<T, double> convert) =>
        bounds?.Select(convert).ToArray();

    private sealed class Series(int buckets)
    {
        public ulong[] Counts { get; } = new ulong[buckets];

        public double Sum { get; set; }
    }
}
