namespace KernelTruth.Cluster.Backfill;

/// <summary>One container's series from a range query: its labels and (unix seconds, value) points, oldest first.</summary>
public sealed record PromSeries(string Namespace, string Pod, string Container, IReadOnlyList<(long Time, double Value)> Points);
