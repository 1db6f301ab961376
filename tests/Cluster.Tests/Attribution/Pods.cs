using k8s.Models;

namespace KernelTruth.Cluster.Tests.Attribution;

/// <summary>Hand-made pods and owners as the API server returns them (KubernetesClient's typed objects).</summary>
internal static class Pods
{
    public static V1Pod Make(string ns, string name, string uid, (string Kind, string ApiVersion, string Name)? owner, params (string Container, string Id)[] containers) => new()
    {
        ApiVersion = "v1",
        Kind = "Pod",
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = ns,
            Uid = uid,
            OwnerReferences = owner is { } o ? [new V1OwnerReference { Kind = o.Kind, ApiVersion = o.ApiVersion, Name = o.Name, Uid = "owner-uid", Controller = true }] : null,
        },
        Spec = new V1PodSpec
        {
            NodeName = "node-a",
            Containers = [.. containers.Select(c => new V1Container
            {
                Name = c.Container,
                Resources = new V1ResourceRequirements
                {
                    Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("100m") },
                    Limits = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("200m") },
                },
            })],
        },
        Status = new V1PodStatus { Phase = "Running", ContainerStatuses = [.. containers.Select(c => new V1ContainerStatus { Name = c.Container, ContainerID = "containerd://" + c.Id })] },
    };

    public static V1ObjectMeta Owned(string ns, string name, string ownerKind, string ownerApiVersion, string ownerName) => new()
    {
        Name = name,
        NamespaceProperty = ns,
        OwnerReferences = [new V1OwnerReference { Kind = ownerKind, ApiVersion = ownerApiVersion, Name = ownerName, Uid = "owner-uid", Controller = true }],
    };

    public static string Id(char c) => new(c, 64);
}
