namespace KernelTruth.Kubernetes.Resources;

/// <summary>
/// Where a custom resource lives in the API (<c>/apis/{Group}/{Version}/namespaces/{ns}/{Plural}</c>), for
/// KubernetesClient's custom-object operations, which take these three strings.
/// </summary>
public sealed record CustomResource(string Group, string Version, string Plural, string Kind)
{
    /// <summary>"group/version", as objects of this resource carry it in apiVersion.</summary>
    public string ApiVersion => $"{Group}/{Version}";

    /// <summary>"plural.group", as RBAC and error messages name it.</summary>
    public override string ToString() => $"{Plural}.{Group}";
}
