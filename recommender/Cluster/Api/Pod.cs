namespace KernelTruth.Cluster.Api;

/// <summary>The parts of a core/v1 Pod that attribution and current requests/limits need.</summary>
public sealed record Pod
{
    public string? ApiVersion { get; init; }

    public string? Kind { get; init; }

    public ObjectMeta Metadata { get; init; } = new();

    public PodSpec? Spec { get; init; }

    public PodStatus? Status { get; init; }
}

public sealed record PodSpec
{
    public string? NodeName { get; init; }

    public List<Container>? Containers { get; init; }
}

public sealed record Container
{
    public string? Name { get; init; }

    public ResourceRequirements? Resources { get; init; }

    public List<ContainerPortSpec>? Ports { get; init; }
}

public sealed record ContainerPortSpec
{
    public string? Name { get; init; }

    public int ContainerPort { get; init; }
}

/// <summary>requests/limits: resource name → quantity.</summary>
public sealed record ResourceRequirements
{
    public Dictionary<string, string>? Requests { get; init; }

    public Dictionary<string, string>? Limits { get; init; }
}

public sealed record PodStatus
{
    public string? Phase { get; init; }

    public string? PodIP { get; init; }

    public List<ContainerStatus>? ContainerStatuses { get; init; }
}

/// <summary>containerID is "&lt;runtime&gt;://&lt;64 hex&gt;", e.g. "containerd://4f…".</summary>
public sealed record ContainerStatus
{
    public string? Name { get; init; }

    public string? ContainerID { get; init; }
}
