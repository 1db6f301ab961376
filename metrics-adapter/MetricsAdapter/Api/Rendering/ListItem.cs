using KernelTruth.MetricsAdapter.Metrics;

namespace KernelTruth.MetricsAdapter.Api.Rendering;

/// <summary>One item of a MetricValueList, ready to copy out.</summary>
/// <param name="DescribedObject">The describedObject's JSON, made once per publication (<see cref="DescribedObjects"/>).</param>
/// <param name="Sums">The object's sums: timestamp and window.</param>
/// <param name="Value">The metric's value.</param>
internal readonly record struct ListItem(ReadOnlyMemory<byte> DescribedObject, MetricSums Sums, double Value);
