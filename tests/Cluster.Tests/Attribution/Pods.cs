using KernelTruth.Cluster.Api;

namespace KernelTruth.Cluster.Tests.Attribution;

/// <summary>Hand-made pods and owners as the API server returns them.</summary>
internal static class Pods
{
    public static Pod Make(string ns, string name, string uid, (string Kind, string ApiVersion, string Name)? owner, params (string Container, string Id)[] containers) => new()
    {
        Metadata = new ObjectMeta
        {
            Name = name,
            Namespace = ns,
            Uid = uid,
            OwnerReferences = owner is { } o ? [new OwnerReference { Kind = o.Kind, ApiVersion = o.ApiVersion, Name = o.Name, Uid = "owner-uid", Controller = true }] : null,
        },
        Spec = new PodSpec
        {
            NodeName = "node-a",
            Containers = [.. containers.Select(c => new Container { Name = c.Container, Resources = new ResourceRequirements { Requests = new() { ["cpu"] = "100m" }, Limits = new() { ["cpu"] = "200m" } } })],
        },
        Status = new PodStatus { Phase = "Running", ContainerStatuses = [.. containers.Select(c => new ContainerStatus { Name = c.Container, ContainerID = "containerd://" + c.Id })] },
    };

    public static ObjectMeta Owned(string ns, string name, string ownerKind, string ownerApiVersion, string ownerName) => new()
    {
        Name = name,
        Namespace = ns,
        OwnerReferences = [new OwnerReference { Kind = ownerKind, ApiVersion = ownerApiVersion, Name = ownerName, Controller = true }],
    };

    public static string Id(char c) => new(c, 64);
}
