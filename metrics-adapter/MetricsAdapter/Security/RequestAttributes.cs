using KernelTruth.Kubernetes.Reviews;

namespace KernelTruth.MetricsAdapter.Security;

/// <summary>
/// The attributes Kubernetes' generic request-info resolver derives from a path, which a
/// SubjectAccessReview then checks: <c>/apis/{group}/{version}/namespaces/{ns}/{resource}/{name}/{subresource}</c>
/// (and the same without the namespace part) is a resource request, verb <c>get</c> with a name and
/// <c>list</c> without; <c>/namespaces/{ns}</c> alone is the namespace object itself. Anything
/// shorter (<c>/apis</c>, <c>/apis/{group}</c>, <c>/apis/{group}/{version}</c>) is a non-resource
/// request for the path with verb <c>get</c>.
/// Examples: <c>…/v1beta2/namespaces/shop/pods/*/m</c> → get pods/m name * in shop;
/// <c>external…/v1beta1/namespaces/shop/m</c> → list m in shop.
/// </summary>
internal static class RequestAttributes
{
    public static AccessRequest From(UserInfo user, string path)
    {
        var s = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (s.Length < 4 || s[0] != "apis")
        {
            return new AccessRequest(user, "get", null, null, null, null, null, null, path);
        }

        string group = s[1], version = s[2];
        var rest = s.AsSpan(3);
        string? ns = null;
        if (rest.Length >= 2 && rest[0] == "namespaces")
        {
            ns = rest[1];
            if (rest.Length == 2)
            {
                return new AccessRequest(user, "get", group, version, "namespaces", null, ns, ns, null);
            }

            rest = rest[2..];
        }

        string resource = rest[0];
        string? name = rest.Length > 1 ? rest[1] : null;
        string? subresource = rest.Length > 2 ? string.Join('/', rest[2..].ToArray()) : null;
        return new AccessRequest(user, name is null ? "list" : "get", group, version, resource, subresource, ns, name, null);
    }
}
