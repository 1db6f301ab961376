using KernelTruth.Models.Recommendations;

namespace KernelTruth.Cli.Configuration;

/// <summary>What `ktruth recommend` was asked to do. Defaults in <see cref="CliDefaults"/>.</summary>
internal sealed record RecommendSettings
{
    /// <summary>--cgroup: as /proc/&lt;pid&gt;/cgroup shows it, or an absolute cgroupfs path.</summary>
    public required string Cgroup { get; init; }

    /// <summary>--duration (formerly --seconds), in seconds: how long to observe. Default 30; valid 2 – 3600.</summary>
    public double Seconds { get; init; } = CliDefaults.RecommendDuration.TotalSeconds;

    /// <summary>--slo-throttled: largest acceptable share of throttled periods. Default 0.01; valid (0, 1).</summary>
    public double SloThrottled { get; init; } = CliDefaults.SloThrottled;

    /// <summary>--slo-throttle-wait: largest acceptable throttle-wait p99. Default 10 ms; valid 0 – 10 s.</summary>
    public TimeSpan SloThrottleWait { get; init; } = CliDefaults.SloThrottleWait;

    /// <summary>--json: the recommendation as one JSON document.</summary>
    public bool Json { get; init; }

    /// <summary>Time between snapshots. Not a flag: one second, as the issue fixes; tests shorten it.</summary>
    public TimeSpan SampleInterval { get; init; } = CliDefaults.SampleInterval;

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Cgroup))
        {
            errors.Add("--cgroup must name a cgroup, e.g. /kubepods.slice/... as /proc/<pid>/cgroup shows it");
        }

        if (!(Seconds >= 2 && Seconds <= 3600))
        {
            errors.Add($"--duration {Output.Units.Duration(Seconds)} is outside 2s–1h");
        }

        if (!(SloThrottled > 0 && SloThrottled < 1))
        {
            errors.Add($"--slo-throttled {SloThrottled} must be a ratio in (0, 1), e.g. 0.01 for 1 % of periods");
        }

        if (SloThrottleWait < TimeSpan.Zero || SloThrottleWait > TimeSpan.FromSeconds(10))
        {
            errors.Add($"--slo-throttle-wait {Output.Units.Duration(SloThrottleWait.TotalSeconds)} is outside 0–10s");
        }

        return errors;
    }

    /// <summary>The models' policy with this SLO; everything else at its default.</summary>
    public RecommendationPolicy ToPolicy() => new()
    {
        ThrottledPeriodsSlo = SloThrottled,
        ThrottleWaitSlo = SloThrottleWait,
    };
}
