namespace KernelTruth.Kube.Informers;

/// <summary>What an informer watches and how it paces reconnects. Defaults in <see cref="InformerDefaults"/>.</summary>
public sealed record InformerOptions
{
    public string? LabelSelector { get; init; }
    public string? FieldSelector { get; init; }

    /// <summary>Page size of the initial list and of re-lists. Default 500.</summary>
    public int ListPageSize { get; init; } = InformerDefaults.ListPageSize;

    /// <summary>
    /// Asked of the server per watch; client-go picks 5–10 min at random so that many clients do
    /// not re-watch at once. Default 300 s (the actual value is 1×–2× this, at random).
    /// </summary>
    public int WatchTimeoutSeconds { get; init; } = InformerDefaults.WatchTimeoutSeconds;

    /// <summary>First reconnect delay after a failure; doubles up to <see cref="MaxBackoff"/>. Default 200 ms.</summary>
    public TimeSpan InitialBackoff { get; init; } = InformerDefaults.InitialBackoff;

    /// <summary>Default 30 s.</summary>
    public TimeSpan MaxBackoff { get; init; } = InformerDefaults.MaxBackoff;
}

public static class InformerDefaults
{
    public const int ListPageSize = 500;
    public const int WatchTimeoutSeconds = 300;
    public static readonly TimeSpan InitialBackoff = TimeSpan.FromMilliseconds(200);
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);
}
