namespace KernelTruth.Kube.Client;

/// <summary>Timeouts and retry pacing. Defaults live in <see cref="KubeClientDefaults"/>.</summary>
public sealed record KubeClientOptions
{
    /// <summary>Per request, not per watch (watches end by timeoutSeconds). Default 30 s.</summary>
    public TimeSpan RequestTimeout { get; init; } = KubeClientDefaults.RequestTimeout;

    /// <summary>Retries after the first attempt for a retriable failure. Default 5; 0 disables.</summary>
    public int MaxRetries { get; init; } = KubeClientDefaults.MaxRetries;

    /// <summary>First backoff delay; doubles per retry, up to <see cref="MaxBackoff"/>. Default 200 ms.</summary>
    public TimeSpan InitialBackoff { get; init; } = KubeClientDefaults.InitialBackoff;

    /// <summary>Cap of the backoff and of an honoured Retry-After. Default 30 s.</summary>
    public TimeSpan MaxBackoff { get; init; } = KubeClientDefaults.MaxBackoff;
}

public static class KubeClientDefaults
{
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);
    public const int MaxRetries = 5;
    public static readonly TimeSpan InitialBackoff = TimeSpan.FromMilliseconds(200);
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);
}
