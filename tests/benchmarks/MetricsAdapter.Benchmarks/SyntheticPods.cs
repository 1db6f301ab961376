using KernelTruth.MetricsAdapter.Metrics;
using KernelTruth.MetricsAdapter.Store;

namespace KernelTruth.MetricsAdapter.Benchmarks;

/// <summary>
/// Namespaces of pods with varied values, as the store holds them after a publication: pod i of
/// namespace n is throttled in (i mod 50) of 500 periods, demands 0.1 + (i mod 7) / 10 cores of a
/// 0.5-core request, label app=web (app=other for every tenth pod, so the selector filters).
/// </summary>
internal static class SyntheticPods
{
    public static NamespaceMetrics Namespace(string name, int pods, DateTimeOffset at)
    {
        var owner = new WorkloadRef("Deployment", "web");
        var list = new List<PodMetrics>(pods);
        for (int i = 0; i < pods; i++)
        {
            var throttle = new long[MetricSums.WaitSlots];
            throttle[10 + (i % 8)] = i % 50;
            var contention = new long[MetricSums.WaitSlots];
            contention[4 + (i % 5)] = 1000;
            var sums = new MetricSums(at, 60, 500, i % 50, throttle, contention, 0.1 + ((i % 7) / 10.0), 0.5);
            var labels = new Dictionary<string, string> { ["app"] = i % 10 == 9 ? "other" : "web", ["pod-template-hash"] = "7d9f" };
            list.Add(new PodMetrics($"web-7d9f-{i:D5}", labels, [owner], sums));
        }

        return new NamespaceMetrics(name, list);
    }
}
