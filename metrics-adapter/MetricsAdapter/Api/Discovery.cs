using KernelTruth.MetricsAdapter.Metrics;
using KernelTruth.MetricsAdapter.Store;

namespace KernelTruth.MetricsAdapter.Api;

/// <summary>
/// Discovery documents, rendered once: they never change, and the aggregator's availability probe
/// (<c>/apis/{group}/{version}</c>, 5 s timeout) must be answered at once. Resource entries follow
/// custom-metrics-apiserver: <c>{groupResource}/{metric}</c> for custom metrics (namespaces
/// root-scoped), the bare metric name for external ones.
/// </summary>
internal static class Discovery
{
    private static readonly IReadOnlyList<string> Get = ["get"];

    public static ApiResponse GroupList { get; } = ApiResponse.Ok(
        new ApiGroupList("APIGroupList", "v1", [GroupOf(ApiGroups.Custom, null), GroupOf(ApiGroups.External, null)]),
        AdapterJsonContext.Relaxed.ApiGroupList);

    private static readonly Dictionary<string, ApiResponse> Groups = new(StringComparer.Ordinal)
    {
        [ApiGroups.Custom] = ApiResponse.Ok(GroupOf(ApiGroups.Custom, "APIGroup"), AdapterJsonContext.Relaxed.ApiGroup),
        [ApiGroups.External] = ApiResponse.Ok(GroupOf(ApiGroups.External, "APIGroup"), AdapterJsonContext.Relaxed.ApiGroup),
    };

    private static readonly Dictionary<string, ApiResponse> ResourceLists = new(StringComparer.Ordinal)
    {
        [$"{ApiGroups.Custom}/{ApiGroups.V1Beta2}"] = CustomResources(ApiGroups.V1Beta2),
        [$"{ApiGroups.Custom}/{ApiGroups.V1Beta1}"] = CustomResources(ApiGroups.V1Beta1),
        [$"{ApiGroups.External}/{ApiGroups.V1Beta1}"] = ApiResponse.Ok(
            new ApiResourceList("APIResourceList", "v1", $"{ApiGroups.External}/{ApiGroups.V1Beta1}",
                [.. MetricNames.All.Select(m => new ApiResource(m, "", true, "ExternalMetricValueList", Get))]),
            AdapterJsonContext.Relaxed.ApiResourceList),
    };

    public static ApiResponse Group(string group) => Groups[group];

    public static ApiResponse ResourceList(string group, string version) => ResourceLists[$"{group}/{version}"];

    private static ApiGroup GroupOf(string group, string? kind)
    {
        var versions = ApiGroups.VersionsOf(group)!.Select(v => new GroupVersionForDiscovery($"{group}/{v}", v)).ToList();
        return new ApiGroup(kind, kind is null ? null : "v1", group, versions, versions[0]);
    }

    private static ApiResponse CustomResources(string version)
    {
        var resources = new List<ApiResource>();
        foreach (string metric in MetricNames.All)
        {
            resources.Add(new ApiResource($"pods/{metric}", "", true, "MetricValueList", Get));
            resources.Add(new ApiResource($"namespaces/{metric}", "", false, "MetricValueList", Get));
            foreach (var kind in WorkloadKinds.All)
            {
                resources.Add(new ApiResource($"{kind.Resource}/{metric}", "", true, "MetricValueList", Get));
            }
        }

        return ApiResponse.Ok(new ApiResourceList("APIResourceList", "v1", $"{ApiGroups.Custom}/{version}", resources), AdapterJsonContext.Relaxed.ApiResourceList);
    }
}
