namespace KernelTruth.Simulations.Hpa;

/// <summary>
/// The HPA being replayed. Defaults are the controller's: tolerance 0.1,
/// sync every 15 s, scale-up stabilization 0 with policies 4 pods or 100 % per 15 s (the larger),
/// scale-down stabilization 300 s with 100 % per 15 s.
/// </summary>
public sealed record HpaSettings
{
    public HpaSignal Signal { get; init; } = HpaSignal.CpuAverage;

    /// <summary>Target: utilization of the request (0.8 = 80 %) or, for ThrottledRatio, the ratio (0.05).</summary>
    public double Target { get; init; } = 0.8;

    public double RequestCores { get; init; } = 1.0;

    /// <summary>Per-pod CPU limit; null = none (never throttled).</summary>
    public double? LimitCores { get; init; }

    public int MinReplicas { get; init; } = 1;

    public int MaxReplicas { get; init; } = 10;

    /// <summary>Replicas at the start, all ready.</summary>
    public int InitialReplicas { get; init; } = 1;

    /// <summary>How many pods shared the recorded demand (the trace is one pod's share of it).</summary>
    public int RecordedReplicas { get; init; } = 1;

    public double Tolerance { get; init; } = 0.1;

    public TimeSpan SyncPeriod { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Window the metric averages over: metrics-server's resolution, 15 s by default (a resource
    /// metric's window is the time between its two latest scrapes). Longer windows make the HPA
    /// react to load that new pods already took over.
    /// </summary>
    public TimeSpan MetricWindow { get; init; } = TimeSpan.FromSeconds(15);

    public TimeSpan ScaleUpStabilization { get; init; } = TimeSpan.Zero;

    public TimeSpan ScaleDownStabilization { get; init; } = TimeSpan.FromMinutes(5);

    public int ScaleUpPods { get; init; } = 4;

    public double ScaleUpPercent { get; init; } = 100;

    public double ScaleDownPercent { get; init; } = 100;

    /// <summary>Policy period of the rate limits.</summary>
    public TimeSpan PolicyPeriod { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>From scale-up to a new pod taking load (scheduling, image, start, readiness).</summary>
    public TimeSpan PodStartDelay { get; init; } = TimeSpan.FromSeconds(30);

    public IReadOnlyList<string> Validate()
    {
        var e = new List<string>();
        if (!(Target > 0))
        {
            e.Add($"target {Target} must be > 0");
        }

        if (!(RequestCores > 0))
        {
            e.Add($"request {RequestCores} cores must be > 0");
        }

        if (LimitCores is { } l && !(l > 0))
        {
            e.Add($"limit {l} cores must be > 0");
        }

        if (MinReplicas < 1 || MaxReplicas < MinReplicas)
        {
            e.Add($"minReplicas {MinReplicas} / maxReplicas {MaxReplicas} must satisfy 1 ≤ min ≤ max");
        }

        if (InitialReplicas < MinReplicas || InitialReplicas > MaxReplicas)
        {
            e.Add($"initial replicas {InitialReplicas} is outside {MinReplicas}–{MaxReplicas}");
        }

        if (RecordedReplicas < 1)
        {
            e.Add($"recorded replicas {RecordedReplicas} must be ≥ 1");
        }

        if (Tolerance is < 0 or >= 1)
        {
            e.Add($"tolerance {Tolerance} must be in [0, 1)");
        }

        if (SyncPeriod <= TimeSpan.Zero || MetricWindow <= TimeSpan.Zero || PolicyPeriod <= TimeSpan.Zero)
        {
            e.Add("sync period, metric window and policy period must be > 0");
        }

        if (ScaleUpStabilization < TimeSpan.Zero || ScaleDownStabilization < TimeSpan.Zero || PodStartDelay < TimeSpan.Zero)
        {
            e.Add("stabilization windows and pod start delay must be ≥ 0");
        }

        if (ScaleUpPods < 0 || ScaleUpPercent < 0 || ScaleDownPercent is < 0 or > 100)
        {
            e.Add($"scale-up pods {ScaleUpPods} / percent {ScaleUpPercent} must be ≥ 0 and scale-down percent {ScaleDownPercent} within 0–100");
        }

        return e;
    }
}
