namespace KernelTruth.Kubernetes.Connection;

/// <summary>How reads (GET: get, list, watch) are retried on 429, 5xx and broken connections. Defaults in brackets.</summary>
public sealed record ApiRetryOptions
{
    /// <summary>Retries after the first try [3]; 0 turns retrying off.</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>
    /// The first wait; each next one doubles, with jitter, up to <see cref="MaxDelay"/> [200 ms]: 200, 400, 800 ms
    /// on average, so three retries give up after about 1.4 s. A 429's Retry-After replaces the computed wait.
    /// </summary>
    public TimeSpan FirstDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>[5 s].</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(5);
}
