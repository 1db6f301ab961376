namespace KernelTruth.NodeSensor.Prometheus;

/// <summary>
/// A named metric with its HELP, TYPE and series. Counters and gauges carry
/// <see cref="Samples"/>; histograms carry <see cref="HistogramSamples"/>. Series are kept sorted
/// by label set, and a label set may appear only once.
/// </summary>
internal sealed class MetricFamily
{
    private MetricFamily(string name, string help, MetricType type, MetricSample[] samples, HistogramSample[] histogramSamples)
    {
        if (!PrometheusNames.IsValidMetricName(name))
        {
            throw new ArgumentException($"'{name}' is not a valid Prometheus metric name ([a-zA-Z_:][a-zA-Z0-9_:]*).", nameof(name));
        }

        Array.Sort(samples, (a, b) => a.Labels.CompareTo(b.Labels));
        Array.Sort(histogramSamples, (a, b) => a.Labels.CompareTo(b.Labels));
        ThrowOnDuplicateLabels(name, samples.Select(s => s.Labels).ToArray());
        ThrowOnDuplicateLabels(name, histogramSamples.Select(s => s.Labels).ToArray());

        Name = name;
        Help = help ?? string.Empty;
        Type = type;
        Samples = samples;
        HistogramSamples = histogramSamples;
    }

    /// <summary>The exposed name, used verbatim (a counter should end in "_total").</summary>
    public string Name { get; }

    /// <summary>Free text for # HELP; empty means no HELP line.</summary>
    public string Help { get; }

    public MetricType Type { get; }

    /// <summary>Counter or gauge series, sorted by labels; empty for a histogram.</summary>
    public IReadOnlyList<MetricSample> Samples { get; }

    /// <summary>Histogram series, sorted by labels; empty for a counter or gauge.</summary>
    public IReadOnlyList<HistogramSample> HistogramSamples { get; }

    public bool IsEmpty => Samples.Count == 0 && HistogramSamples.Count == 0;

    public static MetricFamily Counter(string name, string help, IEnumerable<MetricSample> samples) =>
        new(name, help, MetricType.Counter, [.. samples], []);

    public static MetricFamily Gauge(string name, string help, IEnumerable<MetricSample> samples) =>
        new(name, help, MetricType.Gauge, [.. samples], []);

    public static MetricFamily Histogram(string name, string help, IEnumerable<HistogramSample> samples) =>
        new(name, help, MetricType.Histogram, [], [.. samples]);

    /// <summary>
    /// Every series name this family writes; a histogram "x" also owns x_bucket, x_sum and x_count,
    /// which no other family may use.
    /// </summary>
    public IEnumerable<string> ExposedNames() => Type == MetricType.Histogram
        ? [Name, Name + "_bucket", Name + "_sum", Name + "_count"]
        : [Name];

    private static void ThrowOnDuplicateLabels(string name, LabelSet[] sorted)
    {
        for (var i = 1; i < sorted.Length; i++)
        {
            if (sorted[i].Equals(sorted[i - 1]))
            {
                throw new ArgumentException($"Metric family '{name}' has the label set {sorted[i]} twice.", nameof(name));
            }
        }
    }
}
