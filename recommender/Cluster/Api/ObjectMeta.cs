namespace KernelTruth.Cluster.Api;

/// <summary>The parts of Kubernetes ObjectMeta this project reads or writes.</summary>
public sealed record ObjectMeta
{
    public string? Name { get; init; }

    public string? Namespace { get; init; }

    public string? Uid { get; init; }

    public string? ResourceVersion { get; init; }

    public long? Generation { get; init; }

    public Dictionary<string, string>? Labels { get; init; }

    public Dictionary<string, string>? Annotations { get; init; }

    public List<OwnerReference>? OwnerReferences { get; init; }

    public string? CreationTimestamp { get; init; }

    public string? DeletionTimestamp { get; init; }
}

/// <summary>metadata.ownerReferences[]: the controller reference leads from a pod to its workload.</summary>
public sealed record OwnerReference
{
    public string? ApiVersion { get; init; }

    public string? Kind { get; init; }

    public string? Name { get; init; }

    public string? Uid { get; init; }

    public bool? Controller { get; init; }
}

/// <summary>Any object of which only the metadata matters: ReplicaSets and Jobs, for their owners.</summary>
public sealed record MetadataOnly
{
    public string? ApiVersion { get; init; }

    public string? Kind { get; init; }

    public ObjectMeta Metadata { get; init; } = new();
}
