namespace KernelTruth.MetricsAdapter.Store;

/// <summary>
/// The latest values, swapped whole on each publication: one writer (the feed), any number of
/// lock-free readers (requests).
/// </summary>
internal sealed class MetricsStore(IEnumerable<IPublicationPreparer> preparers)
{
    private readonly IPublicationPreparer[] _preparers = [.. preparers];
    private MetricsView _current = MetricsView.Empty;
    private long _generation;
    private TaskCompletionSource _nextPublication = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>A store nobody prepares for (tests, the CLI's one-shot reads).</summary>
    public MetricsStore()
        : this([])
    {
    }

    public MetricsView Current => Volatile.Read(ref _current);

    /// <summary>True once anything was published (readiness).</summary>
    public bool HasPublished => Volatile.Read(ref _generation) > 0;

    /// <summary>Completes at the next publication: for answers pushed as values change (KEDA's StreamIsActive).</summary>
    public Task NextPublication => Volatile.Read(ref _nextPublication).Task;

    public void Publish(IEnumerable<NamespaceMetrics> namespaces)
    {
        var byName = namespaces.ToDictionary(n => n.Name, StringComparer.Ordinal);
        long generation = Interlocked.Increment(ref _generation);
        var view = new MetricsView(generation, byName);
        foreach (var preparer in _preparers)
        {
            preparer.Prepare(view);
        }

        Volatile.Write(ref _current, view);
        Interlocked.Exchange(ref _nextPublication, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }
}
