namespace KernelTruth.MetricsAdapter.Store;

/// <summary>
/// The latest values, swapped whole on each publication: one writer (the feed), any number of
/// lock-free readers (requests).
/// </summary>
internal sealed class MetricsStore
{
    private MetricsView _current = MetricsView.Empty;
    private long _generation;

    public MetricsView Current => Volatile.Read(ref _current);

    /// <summary>True once anything was published (readiness).</summary>
    public bool HasPublished => Volatile.Read(ref _generation) > 0;

    public void Publish(IEnumerable<NamespaceMetrics> namespaces)
    {
        var byName = namespaces.ToDictionary(n => n.Name, StringComparer.Ordinal);
        long generation = Interlocked.Increment(ref _generation);
        Volatile.Write(ref _current, new MetricsView(generation, byName));
    }
}
