using System.Text.Json.Serialization;

namespace KernelTruth.Kube.Model;

/// <summary>
/// The subset of a Pod that pod attribution reads. Read-only by intent: replacing a Pod from this
/// subset would drop every field it does not carry; change pods with a patch.
/// </summary>
public sealed class Pod : IKubeObject
{
    public string? ApiVersion { get; set; } = "v1";
    public string? Kind { get; set; } = "Pod";
    public ObjectMeta? Metadata { get; set; }
    public PodSpec? Spec { get; set; }
    public PodStatus? Status { get; set; }
}

public sealed class PodSpec
{
    public string? NodeName { get; set; }
    public List<Container>? Containers { get; set; }
}

public sealed class Container
{
    public string? Name { get; set; }
    public ResourceRequirements? Resources { get; set; }
}

/// <summary>Quantities as the API writes them ("500m", "1Gi").</summary>
public sealed class ResourceRequirements
{
    public Dictionary<string, string>? Requests { get; set; }
    public Dictionary<string, string>? Limits { get; set; }
}

public sealed class PodStatus
{
    public string? Phase { get; set; }

    [JsonPropertyName("podIP")]
    public string? PodIp { get; set; }

    public string? QosClass { get; set; }
    public List<ContainerStatus>? ContainerStatuses { get; set; }
}

public sealed class ContainerStatus
{
    public string? Name { get; set; }

    /// <summary>"containerd://&lt;64 hex&gt;"; the runtime prefix is part of the value.</summary>
    [JsonPropertyName("containerID")]
    public string? ContainerId { get; set; }
}
