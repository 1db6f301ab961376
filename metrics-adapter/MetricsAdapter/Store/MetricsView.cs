using KernelTruth.MetricsAdapter.Metrics;

namespace KernelTruth.MetricsAdapter.Store;

/// <summary>
/// One immutable publication of every known value: readers take <see cref="MetricsStore.Current"/>
/// once per request and never lock. <see cref="Generation"/> changes with every publication, so
/// responses rendered from one view can be cached until the next.
/// </summary>
internal sealed class MetricsView(long generation, IReadOnlyDictionary<string, NamespaceMetrics> namespaces)
{
    public static MetricsView Empty { get; } = new(0, new Dictionary<string, NamespaceMetrics>(StringComparer.Ordinal));

    public long Generation => generation;

    public IReadOnlyDictionary<string, NamespaceMetrics> Namespaces => namespaces;
}

/// <summary>A namespace's pods (sorted by name), its workload objects and its total.</summary>
internal sealed class NamespaceMetrics
{
    public NamespaceMetrics(string name, IReadOnlyList<PodMetrics> pods)
    {
        Name = name;
        Pods = [.. pods.OrderBy(p => p.Name, StringComparer.Ordinal)];
        ByName = Pods.ToDictionary(p => p.Name, StringComparer.Ordinal);
        Total = MetricSums.MergeAll(Pods.Select(p => p.Sums))!;
        Workloads = Pods
            .SelectMany(p => p.Owners.Select(o => (Owner: o, p.Sums)))
            .GroupBy(x => x.Owner)
            .ToDictionary(g => g.Key, g => MetricSums.MergeAll(g.Select(x => x.Sums))!);
    }

    public string Name { get; }

    public IReadOnlyList<PodMetrics> Pods { get; }

    public IReadOnlyDictionary<string, PodMetrics> ByName { get; }

    /// <summary>Every pod merged: demand summed, ratios over all periods, p99 of all waits.</summary>
    public MetricSums Total { get; }

    /// <summary>By owner: the owned pods merged the same way.</summary>
    public IReadOnlyDictionary<WorkloadRef, MetricSums> Workloads { get; }
}

/// <param name="Sums">The pod's containers merged.</param>
internal sealed record PodMetrics(string Name, IReadOnlyDictionary<string, string> Labels, IReadOnlyList<WorkloadRef> Owners, MetricSums Sums);
