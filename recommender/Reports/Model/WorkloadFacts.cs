using KernelTruth.Models.Recommendations;

namespace KernelTruth.Reports.Model;

/// <summary>
/// One workload container as a report sees it: the WorkloadProfile status with
/// quantities parsed. Every source (profiles, a state file, recorded snapshots) is turned into these;
/// null means the source does not know the figure and the report shows "n/a".
/// </summary>
public sealed record WorkloadFacts
{
    public required string Namespace { get; init; }

    /// <summary>Deployment, StatefulSet, … or "cgroup" for a single host.</summary>
    public required string Kind { get; init; }

    public required string Name { get; init; }

    public required string Container { get; init; }

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>Pods that contributed; costs count each of them. At least 1.</summary>
    public int Pods { get; init; } = 1;

    public double? WindowSeconds { get; init; }

    /// <summary>What metrics-server would show: per-minute average usage, mean over the window.</summary>
    public double? UsageAverageCores { get; init; }

    public double? DemandP50Cores { get; init; }

    public double? DemandP95Cores { get; init; }

    public double? DemandP99Cores { get; init; }

    public double? ThrottledPeriodsRatio { get; init; }

    public double? ThrottleWaitP99Seconds { get; init; }

    public double? ContentionWaitP99Seconds { get; init; }

    public long? OomKills { get; init; }

    public long? MemoryPeakBytes { get; init; }

    public ResourceAmounts Current { get; init; } = ResourceAmounts.None;

    public ResourceAmounts Recommended { get; init; } = ResourceAmounts.None;

    /// <summary>What the stock VPA algorithm would set (requests, and its proportional limit when known).</summary>
    public ResourceAmounts Baseline { get; init; } = ResourceAmounts.None;

    /// <summary>0..1.</summary>
    public double? Confidence { get; init; }

    /// <summary>The source's own prediction at the recommended limit (profile status.predicted, the model's evidence).</summary>
    public ThrottleOutlook? StatedPrediction { get; init; }

    public IReadOnlyList<string> Evidence { get; init; } = [];

    /// <summary>Recent container starts and the startup advice; null when the source saw no start.</summary>
    public StartupFacts? Startup { get; init; }

    /// <summary>The model behind the figures when the source has one (state file, snapshots); never rendered.</summary>
    public WorkloadModel? Model { get; init; }

    /// <summary>
    /// How a person reads it: "shop/Deployment/web"; on one host the cgroup's own path, "/kubepods/burstable/pod1/c1",
    /// rather than namespace/kind/name glued into "/kubepods/burstable/pod1/cgroup/c1".
    /// </summary>
    public string DisplayName => Kind == CgroupKind ? (Namespace == "/" ? "/" + Name : $"{Namespace}/{Name}") : $"{Namespace}/{Kind}/{Name}";

    /// <summary>The kind of a workload known by its cgroup path alone (a single host, recorded snapshots).</summary>
    public const string CgroupKind = "cgroup";

    /// <summary>Namespace/kind/name: what "group by workload" groups by.</summary>
    public string WorkloadKey => $"{Namespace}/{Kind}/{Name}";
}
