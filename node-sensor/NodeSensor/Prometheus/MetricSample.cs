namespace KernelTruth.NodeSensor.Prometheus;

/// <summary>One counter or gauge series: its labels and current value.</summary>
/// <param name="Labels">The series' labels; the family name is not part of them.</param>
/// <param name="Value">For a counter, the cumulative value since the process started.</param>
internal sealed record MetricSample(LabelSet Labels, double Value);
