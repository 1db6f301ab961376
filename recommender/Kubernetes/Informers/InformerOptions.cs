namespace KernelTruth.Kubernetes.Informers;

/// <summary>How an informer pages its list and paces its watches and reconnects. Defaults in brackets.</summary>
public sealed record InformerOptions
{
    /// <summary>Page size of the list and of re-lists [500].</summary>
    public int ListPageSize { get; init; } = 500;

    /// <summary>
    /// Asked of the server per watch; client-go picks 5–10 min at random so that many clients do not re-watch at once
    /// [300 s; the actual value is 1×–2× this, at random].
    /// </summary>
    public int WatchTimeoutSeconds { get; init; } = 300;

    /// <summary>First reconnect delay after a failure; doubles, with jitter, up to <see cref="MaxBackoff"/> [200 ms].</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>[30 s].</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);
}
