using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace KernelTruth.Kubernetes.Resources;

/// <summary>
/// autoscaling.k8s.io/v1 VerticalPodAutoscaler, the parts we read (spec) and write (status), as a custom object
/// (KubernetesClient has no VPA model). Upstream CRD: tests/Cluster.Tests/Fixtures/vpa-v1-crd.yaml.
/// </summary>
public sealed record VerticalPodAutoscaler : IKubernetesObject<V1ObjectMeta>
{
    public static readonly CustomResource Resource = new("autoscaling.k8s.io", "v1", "verticalpodautoscalers", "VerticalPodAutoscaler");

    public string ApiVersion { get; set; } = Resource.ApiVersion;

    public string Kind { get; set; } = Resource.Kind;

    public V1ObjectMeta Metadata { get; set; } = new();

    public VpaSpec? Spec { get; init; }

    public VpaStatus? Status { get; init; }
}

public sealed record VpaSpec
{
    public CrossVersionObjectReference? TargetRef { get; init; }

    public List<VpaRecommenderSelector>? Recommenders { get; init; }

    public VpaResourcePolicy? ResourcePolicy { get; init; }
}

public sealed record CrossVersionObjectReference
{
    public string? ApiVersion { get; init; }

    public string? Kind { get; init; }

    public string? Name { get; init; }
}

public sealed record VpaRecommenderSelector
{
    public string? Name { get; init; }
}

public sealed record VpaResourcePolicy
{
    public List<VpaContainerPolicy>? ContainerPolicies { get; init; }
}

/// <summary>Strings as the user wrote them: unknown values are reported in a condition, never a parse failure.</summary>
public sealed record VpaContainerPolicy
{
    public string? ContainerName { get; init; }

    public string? Mode { get; init; }

    [JsonConverter(typeof(ResourceListConverter))]
    public Dictionary<string, string>? MinAllowed { get; init; }

    [JsonConverter(typeof(ResourceListConverter))]
    public Dictionary<string, string>? MaxAllowed { get; init; }

    public List<string>? ControlledResources { get; init; }

    public string? ControlledValues { get; init; }
}

public sealed record VpaStatus
{
    /// <summary>
    /// The VPA's metadata.generation this status answers (status.observedGeneration in VPA's v1 CRD): a reader tells a
    /// status that already reflects an edited spec (a new resourcePolicy, say) from one written before the edit.
    /// </summary>
    public long? ObservedGeneration { get; init; }

    public VpaRecommendation? Recommendation { get; init; }

    public List<VpaCondition>? Conditions { get; init; }
}

public sealed record VpaRecommendation
{
    public List<VpaContainerRecommendation>? ContainerRecommendations { get; init; }
}

public sealed record VpaContainerRecommendation
{
    public required string ContainerName { get; init; }

    public required Dictionary<string, string> Target { get; init; }

    public Dictionary<string, string>? LowerBound { get; init; }

    public Dictionary<string, string>? UpperBound { get; init; }

    public Dictionary<string, string>? UncappedTarget { get; init; }
}

/// <summary>A status condition (VPA's and ours share the shape). lastTransitionTime is RFC 3339.</summary>
public sealed record VpaCondition
{
    public required string Type { get; init; }

    public required string Status { get; init; }

    public string? LastTransitionTime { get; init; }

    public string? Reason { get; init; }

    public string? Message { get; init; }
}
