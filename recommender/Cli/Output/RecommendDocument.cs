using KernelTruth.Cli.Observing;
using KernelTruth.Models.Recommendations;
using KernelTruth.Simulations.Replay;

namespace KernelTruth.Cli.Output;

/// <summary>
/// `ktruth recommend --json`: one cgroup's recommendation (cpu, memory), the VPA baseline beside it,
/// the evidence, the simulation engine's predicted effect, and what the kernel did while it was observed. Durations are seconds.
/// </summary>
internal sealed record RecommendDocument
{
    public const string CurrentKind = "Recommendation";

    public string ApiVersion { get; init; } = CliJsonContext.ApiVersion;

    public string Kind { get; init; } = CurrentKind;

    public required string Cgroup { get; init; }

    public required CgroupWindow Observed { get; init; }

    public required int Intervals { get; init; }

    public required CpuRecommendation Cpu { get; init; }

    public required MemoryRecommendation Memory { get; init; }

    public required BaselineRecommendation Baseline { get; init; }

    public required RecommendationConfidence Confidence { get; init; }

    public required RecommendationEvidence Evidence { get; init; }

    /// <summary>The simulation engine's predicted effect of the recommended limit (the model's own is evidence.atRecommendedLimit).</summary>
    public LimitPrediction? Simulated { get; init; }

    public static RecommendDocument From(CgroupObservation observation) => new()
    {
        Cgroup = observation.Path,
        Observed = observation.Window,
        Intervals = observation.Intervals,
        Cpu = observation.Recommendation.Cpu,
        Memory = observation.Recommendation.Memory,
        Baseline = observation.Recommendation.Baseline,
        Confidence = observation.Recommendation.Confidence,
        Evidence = observation.Recommendation.Evidence,
        Simulated = observation.Simulated,
    };
}
