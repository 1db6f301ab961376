
namespace KernelTruth.Kube.TestServer;

/// <summary>Splits /api/v1/... and /apis/group/version/... paths into a <see cref="ResourceRef"/>.</summary>
internal static class ApiPath
{
    public static ResourceRef? Parse(string path, IReadOnlyDictionary<(string, string, string), KubeResource> resources)
    {
        var parts = path.Trim('/').Split('/').Select(Uri.UnescapeDataString).ToArray();
        string group, version;
        int rest;
        if (parts.Length >= 3 && parts[0] == "api")
        {
            (group, version, rest) = ("", parts[1], 2);
        }
        else if (parts.Length >= 4 && parts[0] == "apis")
        {
            (group, version, rest) = (parts[1], parts[2], 3);
        }
        else
        {
            return null;
        }

        var tail = parts[rest..];
        string? ns = null;
        if (tail.Length >= 3 && tail[0] == "namespaces" && tail[2] is not ("status" or "finalize"))
        {
            ns = tail[1];
            tail = tail[2..];
        }

        if (tail.Length is < 1 or > 3 || !resources.TryGetValue((group, version, tail[0]), out var resource))
        {
            return null;
        }

        if (ns is not null && !resource.Namespaced)
        {
            return null;
        }

        return new ResourceRef(resource, ns, tail.Length > 1 ? tail[1] : null, tail.Length > 2 ? tail[2] : null);
    }
}
