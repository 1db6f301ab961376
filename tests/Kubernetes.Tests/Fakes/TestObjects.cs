using k8s;
using k8s.Models;
using KernelTruth.Kubernetes.Resources;

namespace KernelTruth.Kubernetes.Tests.Fakes;

/// <summary>A caller-owned custom object, as the domain has its own (VPA, WorkloadProfile), served as workloadprofiles.</summary>
public sealed class Widget : IKubernetesObject<V1ObjectMeta>
{
    public static readonly CustomResource Resource = WorkloadProfile.Resource;

    public string ApiVersion { get; set; } = Resource.ApiVersion;
    public string Kind { get; set; } = Resource.Kind;
    public V1ObjectMeta Metadata { get; set; } = new();
    public WidgetSpec? Spec { get; set; }
    public WidgetStatus? Status { get; set; }
}

public sealed class WidgetSpec
{
    public int Replicas { get; set; }
}

public sealed class WidgetStatus
{
    public string? Phase { get; set; }
}

internal static class Objects
{
    public static V1ConfigMap ConfigMap(string name, string ns = "default", Dictionary<string, string>? labels = null, string value = "v") => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, Labels = labels },
        Data = new Dictionary<string, string> { ["k"] = value },
    };

    /// <summary>A merge patch (RFC 7386) from JSON text.</summary>
    public static V1Patch Merge(string json) => new(json, V1Patch.PatchType.MergePatch);

    /// <summary>A JSON patch (RFC 6902) from JSON text.</summary>
    public static V1Patch Json(string json) => new(json, V1Patch.PatchType.JsonPatch);
}
