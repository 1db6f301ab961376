using KernelTruth.Recommender.Configuration;

namespace KernelTruth.Cli.Configuration;

/// <summary>What `ktruth watch` was asked to do. Defaults in <see cref="CliDefaults"/>.</summary>
internal sealed record WatchSettings
{
    /// <summary>The loop's settings by the options that set them, for its validation messages.</summary>
    private static readonly Dictionary<string, string> Options = new(StringComparer.Ordinal)
    {
        [nameof(RecommenderOptions.IngestInterval)] = "--interval",
        [nameof(RecommenderOptions.FitInterval)] = "--interval",
        [nameof(RecommenderOptions.CheckpointInterval)] = "--checkpoint-interval",
        [nameof(RecommenderOptions.StateFile)] = "--state",
        [nameof(RecommenderOptions.ModelIdleTtl)] = "--model-idle-ttl",
    };

    /// <summary>--interval: how often a snapshot is read. Default 1 s; valid 100 ms – 5 s.</summary>
    public TimeSpan Interval { get; init; } = CliDefaults.WatchInterval;

    /// <summary>--duration: stop after this long; null = until Ctrl-C. Valid &gt; 0.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>--json: one JSON document at the end instead of the live table.</summary>
    public bool Json { get; init; }

    /// <summary>--state: model state restored at start, saved every checkpoint interval and at exit.</summary>
    public string StatePath { get; init; } = CliDefaults.StateFile;

    /// <summary>--checkpoint-interval. Default 60 s; valid 1 s – 1 h.</summary>
    public TimeSpan CheckpointInterval { get; init; } = CliDefaults.CheckpointInterval;

    /// <summary>--model-idle-ttl: a cgroup with no data for this long loses its model. Default 8 days; valid 1 min – 365 days.</summary>
    public TimeSpan ModelIdleTtl { get; init; } = RecommenderDefaults.ModelIdleTtl;

    /// <summary>--pods-only: only Kubernetes pod and container cgroups, as the DaemonSet sensor reports.</summary>
    public bool PodsOnly { get; init; }

    /// <summary>--top: rows shown. Default 15; valid 1 – 200.</summary>
    public int Top { get; init; } = CliDefaults.WatchTop;

    /// <summary>--serve and its TLS/authentication options; null = serve nothing.</summary>
    public ServeSettings? Serve { get; init; }

    /// <summary>Every problem, each naming the option and the value to change.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Interval < TimeSpan.FromMilliseconds(100) || Interval > TimeSpan.FromSeconds(5))
        {
            errors.Add($"--interval {Show(Interval)} is outside 100ms–5s");
        }

        if (Duration is { } d && d <= TimeSpan.Zero)
        {
            errors.Add($"--duration {Show(d)} must be longer than 0");
        }

        if (string.IsNullOrWhiteSpace(StatePath))
        {
            errors.Add("--state must name a file");
        }

        if (CheckpointInterval < TimeSpan.FromSeconds(1))
        {
            errors.Add($"--checkpoint-interval {Show(CheckpointInterval)} is shorter than 1s");
        }

        if (Top is < 1 or > 200)
        {
            errors.Add($"--top {Top} is outside 1–200");
        }

        if (Serve is not null)
        {
            errors.AddRange(Serve.Validate());
        }

        // What the options above do not cover, the loop's own validation does (a --state that is a directory, a
        // checkpoint interval over an hour), named by our options.
        if (errors.Count == 0)
        {
            errors.AddRange(ToRecommenderOptions().Validate(Options));
        }

        return errors;
    }

    /// <summary>
    /// The recommender loop as watch runs it: a loop every --interval, each one fitted (every frame shows current
    /// recommendations), checkpoints to --state every --checkpoint-interval.
    /// </summary>
    public RecommenderOptions ToRecommenderOptions() => new()
    {
        IngestInterval = Interval,
        FitInterval = Interval,
        CheckpointInterval = CheckpointInterval,
        StateFile = StatePath,
        ModelIdleTtl = ModelIdleTtl,
    };

    private static string Show(TimeSpan value) => Output.Units.Duration(value.TotalSeconds);
}
