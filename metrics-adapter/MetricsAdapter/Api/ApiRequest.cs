using KernelTruth.MetricsAdapter.Store;

namespace KernelTruth.MetricsAdapter.Api;

internal enum ApiRequestKind
{
    /// <summary>Not under /apis: another handler's (health, /metrics).</summary>
    NotOurs,
    NotFound,
    GroupList,
    Group,
    ResourceList,
    PodMetrics,
    WorkloadMetric,
    NamespaceMetric,
    ExternalMetric,
}

/// <summary>
/// What a path asks for (notes §2.2). Custom metrics, under <c>/apis/custom.metrics.k8s.io/{version}</c>:
/// <c>/namespaces/{ns}/pods/{name|*}/{metric}</c>, <c>/namespaces/{ns}/{workload resource}/{name}/{metric}</c>,
/// <c>/namespaces/{ns}/metrics/{metric}</c> and its root-scoped form <c>/namespaces/{ns}/{metric}</c>.
/// External: <c>/apis/external.metrics.k8s.io/v1beta1/namespaces/{ns}/{metric}</c>. Parsed from the
/// decoded path (a URL-encoded <c>%2A</c> arrives as <c>*</c>).
/// </summary>
internal sealed record ApiRequest(ApiRequestKind Kind, string? Group = null, string? Version = null, string? Namespace = null,
    string? Name = null, string? Metric = null, WorkloadKind? Workload = null, string? Problem = null)
{
    /// <summary>Deepest path served has 9 segments; anything deeper is refused before splitting further.</summary>
    public const int MaxSegments = 10;

    public static ApiRequest Parse(string path)
    {
        if (!path.StartsWith("/apis", StringComparison.Ordinal) || (path.Length > 5 && path[5] != '/'))
        {
            return new ApiRequest(ApiRequestKind.NotOurs);
        }

        var s = path.Split('/', MaxSegments + 2, StringSplitOptions.RemoveEmptyEntries);
        if (s.Length > MaxSegments)
        {
            return NotFound($"path has more than {MaxSegments} segments");
        }

        if (s.Length == 1)
        {
            return new ApiRequest(ApiRequestKind.GroupList);
        }

        string group = s[1];
        var versions = ApiGroups.VersionsOf(group);
        if (versions is null)
        {
            return NotFound($"group '{group}' is not served here");
        }

        if (s.Length == 2)
        {
            return new ApiRequest(ApiRequestKind.Group, group);
        }

        string version = s[2];
        if (!versions.Contains(version, StringComparer.Ordinal))
        {
            return NotFound($"version '{version}' of {group} is not served here");
        }

        if (s.Length == 3)
        {
            return new ApiRequest(ApiRequestKind.ResourceList, group, version);
        }

        return group == ApiGroups.External ? External(version, s) : Custom(version, s);
    }

    private static ApiRequest External(string version, string[] s) =>
        s.Length == 6 && s[3] == "namespaces"
            ? new ApiRequest(ApiRequestKind.ExternalMetric, ApiGroups.External, version, s[4], Metric: s[5])
            : NotFound("external metrics are read as /namespaces/{namespace}/{metric}");

    private static ApiRequest Custom(string version, string[] s)
    {
        const string g = ApiGroups.Custom;
        if (s.Length < 6 || s[3] != "namespaces")
        {
            return NotFound("custom metrics are read under /namespaces/{namespace}/…");
        }

        string ns = s[4];
        if (s.Length == 6)
        {
            return new ApiRequest(ApiRequestKind.NamespaceMetric, g, version, ns, ns, s[5]); // root-scoped /namespaces/{ns}/{metric}
        }

        if (s.Length == 7 && s[5] == "metrics")
        {
            return new ApiRequest(ApiRequestKind.NamespaceMetric, g, version, ns, ns, s[6]);
        }

        if (s.Length != 8)
        {
            return NotFound("expected /namespaces/{namespace}/{resource}/{name|*}/{metric}");
        }

        string resource = s[5], name = s[6], metric = s[7];
        if (resource == "pods")
        {
            return new ApiRequest(ApiRequestKind.PodMetrics, g, version, ns, name, metric);
        }

        if (WorkloadKinds.ByResource(resource) is { } kind)
        {
            return name == "*"
                ? NotFound($"{kind.Resource} metrics are read for one named object, not '*'")
                : new ApiRequest(ApiRequestKind.WorkloadMetric, g, version, ns, name, metric, kind);
        }

        return NotFound($"resource '{resource}' has no metrics here (pods, namespaces and {string.Join(", ", WorkloadKinds.All.Select(k => k.Resource))} do)");
    }

    private static ApiRequest NotFound(string problem) => new(ApiRequestKind.NotFound, Problem: problem);
}
