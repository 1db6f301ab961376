using k8s;
using k8s.Models;

namespace KernelTruth.Kubernetes.Resources;

/// <summary>The list a custom resource's list call answers: items and the list's resourceVersion and continue token.</summary>
public sealed class CustomResourceList<T> : IKubernetesObject<V1ListMeta>, IItems<T>
    where T : IKubernetesObject<V1ObjectMeta>
{
    public string ApiVersion { get; set; } = "";

    public string Kind { get; set; } = "";

    public V1ListMeta Metadata { get; set; } = new();

    public IList<T> Items { get; set; } = [];
}
