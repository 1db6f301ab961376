namespace KernelTruth.Cli.Configuration;

/// <summary>
/// The demo's script, bounded: worst case warm-up 2 s + before ≤ 62 s + settle 1 s + after 10 s
/// = 75 s, plus a second or two to load the sensor and clean up: within the promised 90 s.
/// Not flags: the demo is one fixed story. Defaults in <see cref="CliDefaults"/>.
/// </summary>
internal sealed record DemoSettings
{
    /// <summary>The too-low limit the workload starts under.</summary>
    public double LimitCores { get; init; } = CliDefaults.DemoLimitCores;

    public BurstSettings Workload { get; init; } = new() { Seconds = CliDefaults.DemoWorkloadSeconds };

    public TimeSpan WarmUp { get; init; } = CliDefaults.DemoWarmUp;

    public TimeSpan ObserveMin { get; init; } = CliDefaults.DemoObserveMin;

    public TimeSpan ObserveMax { get; init; } = CliDefaults.DemoObserveMax;

    public TimeSpan Settle { get; init; } = CliDefaults.DemoSettle;

    public TimeSpan Measure { get; init; } = CliDefaults.DemoMeasure;

    public TimeSpan SampleInterval { get; init; } = CliDefaults.SampleInterval;
}
