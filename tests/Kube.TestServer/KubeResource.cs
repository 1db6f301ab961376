using System.Text;

namespace KernelTruth.Kube.TestServer;

/// <summary>
/// Where a kind of object lives in the API. <paramref name="Group"/> is "" for the core group
/// (pods, configmaps…). <paramref name="HasStatusSubresource"/> tells servers (and readers) that
/// status is written only through <c>/status</c>; the client itself does not need it.
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

    /// <summary>
    /// The request path. <paramref name="namespace"/> null on a namespaced resource means all
    /// namespaces (list and watch only); it must be null on a cluster-scoped one.
    /// </summary>
    public string PathFor(string? @namespace, string? name = null, string? subresource = null)
    {
        if (!Namespaced && @namespace is not null)
        {
            throw new ArgumentException($"{GroupResource} is cluster-scoped: namespace must be null", nameof(@namespace));
        }

        if (subresource is not null && name is null)
        {
            throw new ArgumentException("a subresource needs an object name", nameof(subresource));
        }

        var path = new StringBuilder(Group.Length == 0 ? $"/api/{Version}" : $"/apis/{Group}/{Version}");
        if (@namespace is not null)
        {
            path.Append("/namespaces/").Append(Uri.EscapeDataString(@namespace));
        }

        path.Append('/').Append(Plural);
        if (name is not null)
        {
            path.Append('/').Append(Uri.EscapeDataString(name));
        }

        if (subresource is not null)
        {
            path.Append('/').Append(subresource);
        }

        return path.ToString();
    }

    public override string ToString() => GroupResource;
}
