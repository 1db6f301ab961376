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

    /// <summary>
    /// True for a resource the cluster may not serve (a CRD someone else installs, e.g. VPA's): a list answered 404
    /// counts as synced and empty, logged once, and the list is tried again every <see cref="AbsentRecheck"/> until the
    /// resource appears [false: a 404 is a failure, retried with backoff, and the informer never syncs].
    /// </summary>
    public bool Optional { get; init; }

    /// <summary>How often an <see cref="Optional"/> resource that is not served is looked for again [30 s].</summary>
    public TimeSpan AbsentRecheck { get; init; } = TimeSpan.FromSeconds(30);
}
