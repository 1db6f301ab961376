
namespace KernelTruth.Kube.TestServer;

/// <summary>A request's target: resource, namespace (null = all / cluster-scoped), name and subresource.</summary>
internal sealed record ResourceRef(KubeResource Resource, string? Namespace, string? Name, string? Subresource)
{
    public string Key(string name) => Resource.Namespaced ? $"{Namespace}/{name}" : name;
}
