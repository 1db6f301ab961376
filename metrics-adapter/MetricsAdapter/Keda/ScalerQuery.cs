using System.Globalization;
using KernelTruth.MetricsAdapter.Metrics;
using KernelTruth.MetricsAdapter.Selectors;
using KernelTruth.MetricsAdapter.Store;

namespace KernelTruth.MetricsAdapter.Keda;

/// <summary>
/// What a KEDA trigger asks for, read from its metadata:
/// <code>
/// metricName: cpu_throttled_periods_ratio     # one of the adapter's metrics (required)
/// targetValue: "0.05"                          # the HPA target (required, > 0)
/// activationValue: "0"                         # active while the value is above it (default 0)
/// workload: deployments.apps/web               # which pods: a workload object, or…
/// labelSelector: app=web                       # …pods by label (exactly one of the two)
/// namespace: shop                              # default: the ScaledObject's namespace
/// </code>
/// Keys KEDA itself uses (scalerAddress, enableTLS, …) are ignored; any other key is an error, so a typo
/// is not silently a default.
/// </summary>
internal sealed record ScalerQuery(string Namespace, string Metric, double Target, double Activation, WorkloadRef? Workload, LabelSelector? Selector)
{
    public const string MetricKey = "metricName";
    public const string TargetKey = "targetValue";
    public const string ActivationKey = "activationValue";
    public const string WorkloadKey = "workload";
    public const string SelectorKey = "labelSelector";
    public const string NamespaceKey = "namespace";

    /// <summary>The trigger keys of KEDA's external scaler itself (connection and TLS), passed along in the metadata.</summary>
    private static readonly HashSet<string> KedaKeys = new(StringComparer.Ordinal) { "scalerAddress", "enableTLS", "unsafeSsl", "caCert", "tlsClientCert", "tlsClientKey", "tlsCertFile" };

    private static readonly HashSet<string> OurKeys = new(StringComparer.Ordinal) { MetricKey, TargetKey, ActivationKey, WorkloadKey, SelectorKey, NamespaceKey };

    /// <summary>Reads the metadata; every problem is listed in one message.</summary>
    /// <exception cref="FormatException">The metadata does not say what to measure; the message says what to fix.</exception>
    public static ScalerQuery Parse(string scaledObjectNamespace, IReadOnlyDictionary<string, string> metadata)
    {
        var errors = new List<string>();
        errors.AddRange(metadata.Keys.Where(k => !OurKeys.Contains(k) && !KedaKeys.Contains(k)).Order(StringComparer.Ordinal)
            .Select(k => $"unknown metadata key '{k}' (known: {string.Join(", ", OurKeys)})"));

        string metric = metadata.GetValueOrDefault(MetricKey) ?? "";
        if (!MetricNames.IsKnown(metric))
        {
            errors.Add($"{MetricKey} '{metric}' is not served; one of {string.Join(", ", MetricNames.All)}");
        }

        double target = Number(metadata, TargetKey, required: true, errors);
        if (target <= 0 && !double.IsNaN(target))
        {
            errors.Add($"{TargetKey} must be > 0 (was '{metadata[TargetKey]}')");
        }

        double activation = metadata.ContainsKey(ActivationKey) ? Number(metadata, ActivationKey, required: false, errors) : 0;
        string ns = metadata.GetValueOrDefault(NamespaceKey) is { Length: > 0 } n ? n : scaledObjectNamespace;
        var (workload, selector) = WhichPods(metadata, errors);
        if (errors.Count > 0)
        {
            throw new FormatException(string.Join("; ", errors));
        }

        return new ScalerQuery(ns, metric, target, activation, workload, selector);
    }

    /// <summary>The pods' merged sums from <paramref name="view"/>, as the external metrics API merges them; null when none is measured.</summary>
    public MetricSums? Sums(MetricsView view)
    {
        if (!view.Namespaces.TryGetValue(Namespace, out var ns))
        {
            return null;
        }

        return Workload is { } workload
            ? ns.Workloads.GetValueOrDefault(workload)
            : MetricSums.MergeAll(ns.Pods.Where(p => Selector!.Matches(p.Labels)).Select(p => p.Sums));
    }

    /// <summary>Which pods, for error messages: "deployments.apps/web in shop" or "pods app=web in shop".</summary>
    public string Describe() => Workload is { } w
        ? $"{WorkloadKinds.ByKind(w.Kind)!.Resource}/{w.Name} in namespace '{Namespace}'"
        : $"pods matching the label selector in namespace '{Namespace}'";

    private static (WorkloadRef? Workload, LabelSelector? Selector) WhichPods(IReadOnlyDictionary<string, string> metadata, List<string> errors)
    {
        bool hasWorkload = metadata.TryGetValue(WorkloadKey, out var workload);
        bool hasSelector = metadata.TryGetValue(SelectorKey, out var selector);
        if (hasWorkload == hasSelector)
        {
            errors.Add($"give exactly one of {WorkloadKey} (e.g. deployments.apps/web) and {SelectorKey} (e.g. app=web)");
            return (null, null);
        }

        if (hasWorkload)
        {
            var parts = workload!.Split('/');
            if (parts.Length != 2 || parts[1].Length == 0 || WorkloadKinds.ByResource(parts[0]) is not { } kind)
            {
                errors.Add($"{WorkloadKey} '{workload}' is not RESOURCE/NAME with RESOURCE one of {string.Join(", ", WorkloadKinds.All.Select(k => k.Resource))}");
                return (null, null);
            }

            return (new WorkloadRef(kind.Kind, parts[1]), null);
        }

        try
        {
            return (null, LabelSelectorParser.Parse(selector));
        }
        catch (SelectorException ex)
        {
            errors.Add($"{SelectorKey} '{selector}': {ex.Message}");
            return (null, null);
        }
    }

    private static double Number(IReadOnlyDictionary<string, string> metadata, string key, bool required, List<string> errors)
    {
        if (!metadata.TryGetValue(key, out var text))
        {
            if (required)
            {
                errors.Add($"{key} is required");
            }

            return double.NaN;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value) || value < 0)
        {
            errors.Add($"{key} must be a number ≥ 0 (was '{text}')");
            return double.NaN;
        }

        return value;
    }
}
