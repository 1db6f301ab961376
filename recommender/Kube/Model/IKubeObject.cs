namespace KernelTruth.Kube.Model;

/// <summary>What every Kubernetes object has: apiVersion, kind and metadata.</summary>
public interface IKubeObject
{
    string? ApiVersion { get; set; }
    string? Kind { get; set; }
    ObjectMeta? Metadata { get; set; }
}
