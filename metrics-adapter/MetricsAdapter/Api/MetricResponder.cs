using System.Buffers;
using KernelTruth.MetricsAdapter.Api.Rendering;
using KernelTruth.MetricsAdapter.Metrics;
using KernelTruth.MetricsAdapter.Selectors;
using KernelTruth.MetricsAdapter.Store;

namespace KernelTruth.MetricsAdapter.Api;

/// <summary>
/// Answers metric requests from one <see cref="MetricsView"/>. An empty answer is never 200: the
/// HPA treats an empty list as an error anyway, so 404 with a Status says what was not found.
/// </summary>
internal static class MetricResponder
{
    public static ApiResponse Respond(MetricsView view, ApiRequest request, LabelSelector selector, LabelSelector metricSelector)
    {
        string metric = request.Metric!;
        if (!MetricNames.IsKnown(metric))
        {
            return ApiResponse.NotFound($"metric '{metric}' is not served; known: {string.Join(", ", MetricNames.All)}", Details(request));
        }

        // Our metrics carry no labels: a metric selector either matches the empty label set or nothing.
        if (!metricSelector.Matches(EmptyLabels))
        {
            return ApiResponse.NotFound($"no series of '{metric}' matches metricLabelSelector (these metrics have no labels)", Details(request));
        }

        view.Namespaces.TryGetValue(request.Namespace!, out var ns);
        return request.Kind switch
        {
            ApiRequestKind.PodMetrics => Pods(ns, request, selector, metric),
            ApiRequestKind.WorkloadMetric => Single(request, metric, ns is not null && ns.Workloads.TryGetValue(new WorkloadRef(request.Workload!.Kind, request.Name!), out var w) ? w : null,
                request.Workload!.Kind, request.Namespace, request.Workload.ApiVersion),
            ApiRequestKind.NamespaceMetric => Single(request, metric, ns?.Total, "Namespace", null, "/v1"),
            ApiRequestKind.ExternalMetric => External(ns, request, selector, metric),
            _ => ApiResponse.NotFound("not a metric request"),
        };
    }

    private static readonly Dictionary<string, string> EmptyLabels = [];

    private const string Why = " (not measured in the last window, not attributed to a pod, or, for a utilization, without a CPU request)";

    private static ApiResponse Pods(NamespaceMetrics? ns, ApiRequest request, LabelSelector selector, string metric)
    {
        // Rented, not a growing list: 9 000 items are 288 KB, and every large array allocated per
        // render counts toward the next full (gen 2) collection.
        var items = ArrayPool<ListItem>.Shared.Rent(ns?.Pods.Count ?? 1);
        try
        {
            int count = 0;
            if (ns is not null)
            {
                if (request.Name == "*")
                {
                    var described = DescribedObjects.Pods(ns);
                    for (int i = 0; i < ns.Pods.Count; i++)
                    {
                        var pod = ns.Pods[i];
                        if (selector.Matches(pod.Labels) && pod.Sums.Value(metric) is double v)
                        {
                            items[count++] = new ListItem(described[i], pod.Sums, v);
                        }
                    }
                }
                else if (ns.ByName.TryGetValue(request.Name!, out var pod) && selector.Matches(pod.Labels) && pod.Sums.Value(metric) is double v)
                {
                    items[count++] = new ListItem(DescribedObjects.One("Pod", ns.Name, pod.Name, "/v1"), pod.Sums, v);
                }
            }

            if (count == 0)
            {
                string message = request.Name == "*"
                    ? $"no pods{(selector.IsEmpty ? "" : " matching the label selector")} in namespace '{request.Namespace}' have a value of '{metric}'{Why}"
                    : $"pod '{request.Name}' in namespace '{request.Namespace}' has no value of '{metric}'{Why}";
                return ApiResponse.NotFound(message, Details(request));
            }

            return ApiResponse.Ok(MetricListWriter.Custom(request.Version!, metric, items.AsSpan(0, count)));
        }
        finally
        {
            ArrayPool<ListItem>.Shared.Return(items, clearArray: true); // the items hold a publication's sums: let it go
        }
    }

    /// <summary>A workload's or the namespace's value; <paramref name="objectNamespace"/> null for the Namespace itself.</summary>
    private static ApiResponse Single(ApiRequest request, string metric, MetricSums? sums, string kind, string? objectNamespace, string apiVersion)
    {
        string name = request.Kind == ApiRequestKind.NamespaceMetric ? request.Namespace! : request.Name!;
        if (sums?.Value(metric) is not double v)
        {
            return ApiResponse.NotFound($"{kind} '{name}' in namespace '{request.Namespace}' has no value of '{metric}'", Details(request));
        }

        return ApiResponse.Ok(MetricListWriter.Custom(request.Version!, metric, [new ListItem(DescribedObjects.One(kind, objectNamespace, name, apiVersion), sums, v)]));
    }

    /// <summary>
    /// One value for the namespace's pods matching the selector, merged as a workload is (demand
    /// summed, ratios over all periods, p99 of merged waits); the selector's equality pairs are
    /// echoed as metricLabels.
    /// </summary>
    private static ApiResponse External(NamespaceMetrics? ns, ApiRequest request, LabelSelector selector, string metric)
    {
        var sums = ns is null ? null : MetricSums.MergeAll(ns.Pods.Where(p => selector.Matches(p.Labels)).Select(p => p.Sums));
        if (sums?.Value(metric) is not double v)
        {
            return ApiResponse.NotFound($"no pods in namespace '{request.Namespace}' matching the label selector have a value of '{metric}'", Details(request));
        }

        return ApiResponse.Ok(MetricListWriter.External(metric, selector.EqualityLabels(), sums, v));
    }

    private static StatusDetails Details(ApiRequest r) => new(r.Name ?? r.Metric, r.Group, r.Workload?.Resource ?? r.Kind switch
    {
        ApiRequestKind.PodMetrics => "pods",
        ApiRequestKind.NamespaceMetric => "namespaces",
        _ => r.Metric,
    });
}
