namespace KernelTruth.Cluster.Backfill;

/// <summary>
/// Where and how the day-0 history is read (<c>--history-prometheus</c> and friends). Defaults in brackets; the query
/// shape (step, chunks, concurrency) is fixed here, sized so that a 10 000-container cluster is read in queries that each
/// stay small: one namespace, at most <see cref="WorkloadsPerQuery"/> workloads, one <see cref="ChunkLength"/> of time.
/// </summary>
public sealed record HistoryOptions
{
    /// <summary>Prometheus' base URL (http or https), e.g. http://prometheus.monitoring:9090. Required.</summary>
    public required Uri Prometheus { get; init; }

    /// <summary>How far back to read [14 days; 1-90].</summary>
    public int Days { get; init; } = 14;

    /// <summary>A file holding a bearer token sent with every query, re-read each time (a projected token rotates) [none].</summary>
    public string? BearerTokenFile { get; init; }

    /// <summary>A PEM file of the CA that signed Prometheus' certificate [the system's roots].</summary>
    public string? CaFile { get; init; }

    /// <summary>
    /// One interval per step and container [5 min]: 14 days are 4 032 points per series, each point a range function
    /// over the step before it (so points do not overlap and every second is counted once).
    /// </summary>
    public TimeSpan Step { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Time per query [1 day = 288 points per series at 5 min, far below Prometheus' 11 000-point limit].</summary>
    public TimeSpan ChunkLength { get; init; } = TimeSpan.FromDays(1);

    /// <summary>
    /// Workloads of one namespace per query [50]. With ~3 pods per workload over 14 days and 2 containers each that is
    /// ~300 series × 288 points ≈ 86 000 samples per answer, a few MB of JSON.
    /// </summary>
    public int WorkloadsPerQuery { get; init; } = 50;

    /// <summary>Queries in flight at once [4]: enough to hide latency, few enough not to load a shared Prometheus.</summary>
    public int Concurrency { get; init; } = 4;

    /// <summary>One query's deadline [60 s].</summary>
    public TimeSpan QueryTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Every problem at once, named by flag.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!Prometheus.IsAbsoluteUri || Prometheus.Scheme is not ("http" or "https"))
        {
            errors.Add($"--history-prometheus must be an http:// or https:// URL (was '{Prometheus}')");
        }

        if (Days is < 1 or > 90)
        {
            errors.Add($"--history-days must be 1-90 (was {Days})");
        }

        if (Step <= TimeSpan.Zero || ChunkLength < Step || WorkloadsPerQuery < 1 || Concurrency < 1 || QueryTimeout <= TimeSpan.Zero)
        {
            errors.Add("history query shape: step > 0, chunk ≥ step, workloads per query ≥ 1, concurrency ≥ 1, timeout > 0");
        }

        return errors;
    }
}
