namespace KernelTruth.MetricsAdapter.Hosting;

/// <summary>How the adapter serves. Defaults in <see cref="MetricsAdapterDefaults"/>.</summary>
public sealed record MetricsAdapterOptions
{
    /// <summary>Sliding window behind each value (its windowSeconds). Default 60 s; valid 5 s – 10 min.</summary>
    public TimeSpan Window { get; init; } = MetricsAdapterDefaults.Window;

    /// <summary>
    /// Authenticate and authorize every request but the health probes. Needs an
    /// <see cref="Security.IAuthenticationConfigSource"/> and an <see cref="Kubernetes.Reviews.IAccessReviewer"/>
    /// in DI (an <see cref="Kubernetes.Reviews.ITokenReviewer"/> too for bearer tokens). Default true; only a
    /// loopback-only single host may turn it off.
    /// </summary>
    public bool RequireAuthentication { get; init; } = true;

    /// <summary>How long a SubjectAccessReview / TokenReview answer is reused. Default 10 s; valid 0 – 5 min.</summary>
    public TimeSpan ReviewCacheTtl { get; init; } = MetricsAdapterDefaults.ReviewCacheTtl;

    /// <summary>How often the authentication configuration is re-read. Default 5 min; valid 10 s – 1 h.</summary>
    public TimeSpan AuthenticationRefresh { get; init; } = MetricsAdapterDefaults.AuthenticationRefresh;

    /// <summary>Serve /healthz, /livez and /readyz (a host with its own probes turns this off). Default true.</summary>
    public bool ServeHealth { get; init; } = true;

    /// <summary>Every problem, each naming the option.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Window < TimeSpan.FromSeconds(5) || Window > TimeSpan.FromMinutes(10))
        {
            errors.Add($"MetricsAdapter.Window {Window} is outside 5 s – 10 min");
        }

        if (ReviewCacheTtl < TimeSpan.Zero || ReviewCacheTtl > TimeSpan.FromMinutes(5))
        {
            errors.Add($"MetricsAdapter.ReviewCacheTtl {ReviewCacheTtl} is outside 0 – 5 min");
        }

        if (AuthenticationRefresh < TimeSpan.FromSeconds(10) || AuthenticationRefresh > TimeSpan.FromHours(1))
        {
            errors.Add($"MetricsAdapter.AuthenticationRefresh {AuthenticationRefresh} is outside 10 s – 1 h");
        }

        return errors;
    }
}

/// <summary>The adapter's defaults, in one place.</summary>
public static class MetricsAdapterDefaults
{
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan ReviewCacheTtl = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan AuthenticationRefresh = TimeSpan.FromMinutes(5);
}
