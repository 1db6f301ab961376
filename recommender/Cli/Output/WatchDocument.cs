using KernelTruth.Recommender.Logic;

namespace KernelTruth.Cli.Output;

/// <summary>
/// `ktruth watch --json`: at the end, every workload's recommendation (or why there is none) and
/// what each did over its last interval, busiest first. Durations are seconds.
/// </summary>
internal sealed record WatchDocument
{
    public const string CurrentKind = "Watch";

    public string ApiVersion { get; init; } = CliJsonContext.ApiVersion;

    public string Kind { get; init; } = CurrentKind;

    public required DateTimeOffset TakenAt { get; init; }

    public required double ObservedSeconds { get; init; }

    public required IReadOnlyList<WorkloadActivity> Activity { get; init; }

    public required IReadOnlyList<WorkloadRecommendation> Recommendations { get; init; }
}
