using KernelTruth.Contracts.Units;
using System.Globalization;
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
                new ObjectReference(request.Workload!.Kind, request.Namespace, request.Name!, request.Workload.ApiVersion)),
            ApiRequestKind.NamespaceMetric => Single(request, metric, ns?.Total, new ObjectReference("Namespace", null, request.Namespace!, "/v1")),
            ApiRequestKind.ExternalMetric => External(ns, request, selector, metric),
            _ => ApiResponse.NotFound("not a metric request"),
        };
    }

    private static readonly Dictionary<string, string> EmptyLabels = [];

    private const string Why = " (not measured in the last window, not attributed to a pod, or, for a utilization, without a CPU request)";

    private static ApiResponse Pods(NamespaceMetrics? ns, ApiRequest request, LabelSelector selector, string metric)
    {
        var items = new List<(ObjectReference Ref, MetricSums Sums, double Value)>();
        if (ns is not null)
        {
            if (request.Name == "*")
            {
                foreach (var pod in ns.Pods)
                {
                    if (selector.Matches(pod.Labels) && pod.Sums.Value(metric) is double v)
                    {
                        items.Add((new ObjectReference("Pod", ns.Name, pod.Name, "/v1"), pod.Sums, v));
                    }
                }
            }
            else if (ns.ByName.TryGetValue(request.Name!, out var pod) && selector.Matches(pod.Labels) && pod.Sums.Value(metric) is double v)
            {
                items.Add((new ObjectReference("Pod", ns.Name, pod.Name, "/v1"), pod.Sums, v));
            }
        }

        if (items.Count == 0)
        {
            string message = request.Name == "*"
                ? $"no pods{(selector.IsEmpty ? "" : " matching the label selector")} in namespace '{request.Namespace}' have a value of '{metric}'{Why}"
                : $"pod '{request.Name}' in namespace '{request.Namespace}' has no value of '{metric}'{Why}";
            return ApiResponse.NotFound(message, Details(request));
        }

        return List(request.Version!, items, metric);
    }

    private static ApiResponse Single(ApiRequest request, string metric, MetricSums? sums, ObjectReference described)
    {
        if (sums?.Value(metric) is not double v)
        {
            return ApiResponse.NotFound($"{described.Kind} '{described.Name}' in namespace '{request.Namespace}' has no value of '{metric}'", Details(request));
        }

        return List(request.Version!, [(described, sums, v)], metric);
    }

    private static ApiResponse List(string version, List<(ObjectReference Ref, MetricSums Sums, double Value)> items, string metric)
    {
        if (version == ApiGroups.V1Beta2)
        {
            var identifier = new MetricIdentifier(metric, null);
            return ApiResponse.Ok(
                new MetricValueListV1Beta2("MetricValueList", $"{ApiGroups.Custom}/{version}", new ListMeta(),
                    [.. items.Select(i => new MetricValueV1Beta2(i.Ref, identifier, Timestamp(i.Sums), Window(i.Sums), Quantity.FormatMilli(i.Value)))]),
                AdapterJsonContext.Relaxed.MetricValueListV1Beta2);
        }

        return ApiResponse.Ok(
            new MetricValueListV1Beta1("MetricValueList", $"{ApiGroups.Custom}/{version}", new ListMeta(),
                [.. items.Select(i => new MetricValueV1Beta1(i.Ref, metric, Timestamp(i.Sums), Window(i.Sums), Quantity.FormatMilli(i.Value), null))]),
            AdapterJsonContext.Relaxed.MetricValueListV1Beta1);
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

        return ApiResponse.Ok(
            new ExternalMetricValueList("ExternalMetricValueList", $"{ApiGroups.External}/{ApiGroups.V1Beta1}", new ListMeta(),
                [new ExternalMetricValue(metric, selector.EqualityLabels(), Timestamp(sums), Window(sums), Quantity.FormatMilli(v))]),
            AdapterJsonContext.Relaxed.ExternalMetricValueList);
    }

    private static StatusDetails Details(ApiRequest r) => new(r.Name ?? r.Metric, r.Group, r.Workload?.Resource ?? r.Kind switch
    {
        ApiRequestKind.PodMetrics => "pods",
        ApiRequestKind.NamespaceMetric => "namespaces",
        _ => r.Metric,
    });

    /// <summary>metav1.Time: RFC 3339 in UTC, whole seconds.</summary>
    private static string Timestamp(MetricSums s) => s.Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Whole seconds of data behind the value, at least 1.</summary>
    private static long Window(MetricSums s) => Math.Max(1, (long)Math.Round(s.WindowSeconds));
}
