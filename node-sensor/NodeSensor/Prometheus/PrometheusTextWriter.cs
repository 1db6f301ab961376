namespace KernelTruth.NodeSensor.Prometheus;

/// <summary>
/// Writes already sorted and validated families as text format 0.0.4: per family an optional
/// HELP, one TYPE, then its series contiguously; every line ends with '\n'.
/// </summary>
internal static class PrometheusTextWriter
{
    public static void Write(TextWriter writer, IEnumerable<MetricFamily> families)
    {
        foreach (var family in families)
        {
            if (family.IsEmpty)
            {
                // A TYPE without series is legal but only noise; an unused instrument stays silent.
                continue;
            }

            if (family.Help.Length > 0)
            {
                writer.Write($"# HELP {family.Name} {PrometheusFormat.EscapeHelp(family.Help)}\n");
            }

            writer.Write($"# TYPE {family.Name} {TypeName(family.Type)}\n");
            foreach (var sample in family.Samples)
            {
                WriteLine(writer, family.Name, sample.Labels, null, PrometheusFormat.FormatValue(sample.Value));
            }

            foreach (var histogram in family.HistogramSamples)
            {
                WriteHistogram(writer, family.Name, histogram);
            }
        }
    }

    private static void WriteHistogram(TextWriter writer, string name, HistogramSample sample)
    {
        // Prometheus buckets are cumulative: le="b" counts every observation ≤ b, so the running
        // total of the per-bucket counts is written, and le="+Inf" equals _count by construction.
        var bucketName = name + "_bucket";
        ulong cumulative = 0;
        for (var i = 0; i < sample.UpperBounds.Count; i++)
        {
            cumulative += sample.BucketCounts[i];
            var le = PrometheusFormat.FormatValue(sample.UpperBounds[i]);
            WriteLine(writer, bucketName, sample.Labels, le, PrometheusFormat.FormatValue(cumulative));
        }

        WriteLine(writer, bucketName, sample.Labels, "+Inf", PrometheusFormat.FormatValue(sample.Count));
        WriteLine(writer, name + "_sum", sample.Labels, null, PrometheusFormat.FormatValue(sample.Sum));
        WriteLine(writer, name + "_count", sample.Labels, null, PrometheusFormat.FormatValue(sample.Count));
    }

    private static void WriteLine(TextWriter writer, string name, LabelSet labels, string? le, string value)
    {
        writer.Write(name);
        if (labels.Count > 0 || le is not null)
        {
            writer.Write('{');
            var first = true;
            foreach (var (labelName, labelValue) in labels.Labels)
            {
                WriteLabel(writer, ref first, labelName, PrometheusFormat.EscapeLabelValue(labelValue));
            }

            if (le is not null)
            {
                WriteLabel(writer, ref first, "le", le);
            }

            writer.Write('}');
        }

        writer.Write(' ');
        writer.Write(value);
        writer.Write('\n');
    }

    private static void WriteLabel(TextWriter writer, ref bool first, string name, string escapedValue)
    {
        if (!first)
        {
            writer.Write(',');
        }

        first = false;
        writer.Write(name);
        writer.Write("=\"");
        writer.Write(escapedValue);
        writer.Write('"');
    }

    private static string TypeName(MetricType type) => type switch
    {
        MetricType.Counter => "counter",
        MetricType.Gauge => "gauge",
        MetricType.Histogram => "histogram",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown metric type."),
    };
}
