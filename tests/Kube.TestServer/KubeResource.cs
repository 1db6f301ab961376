namespace KernelTruth.Kube.TestServer;

/// <summary>
/// A resource the test server serves: where it lives in the API (<paramref name="Group"/> is "" for the core
/// group: pods, configmaps…), its scope, and whether status is written only through <c>/status</c>.
/// </summary>
public sealed record KubeResource(
    string Group,
    string Version,
    string Plural,
    string Kind,
    bool Namespaced,
    bool HasStatusSubresource = false)
{
    /// <summary>"v1" for the core group, "group/version" otherwise.</summary>
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>"plural.group" (or just "plural" for the core group), as RBAC and errors name it.</summary>
    public string GroupResource => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    public override string ToString() => GroupResource;
}
