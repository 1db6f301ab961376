using k8s.Models;
using KernelTruth.Contracts.Units;

namespace KernelTruth.Cluster.Attribution;

/// <summary>A container's requests and limits as its pod spec sets them; null = not set.</summary>
public sealed record CurrentResources(double? CpuRequestCores, double? CpuLimitCores, long? MemoryRequestBytes, long? MemoryLimitBytes)
{
    public static CurrentResources None { get; } = new(null, null, null, null);

    /// <summary>CPU limit/request when both are set and the request is positive.</summary>
    public double? CpuLimitRequestRatio => CpuLimitCores is double l && CpuRequestCores is double r && r > 0 ? l / r : null;

    /// <summary>
    /// Reads a container's resources. A quantity the API server accepted always parses; one that does not
    /// (a hand-made object in a test) counts as not set rather than failing the pod.
    /// Kubernetes defaults a missing request to the limit, and so do we.
    /// </summary>
    public static CurrentResources Of(V1Container container)
    {
        var requests = container.Resources?.Requests;
        var limits = container.Resources?.Limits;
        double? cpuLimit = Cores(limits, "cpu");
        long? memoryLimit = Bytes(limits, "memory");
        return new CurrentResources(Cores(requests, "cpu") ?? cpuLimit, cpuLimit, Bytes(requests, "memory") ?? memoryLimit, memoryLimit);
    }

    /// <summary>Requests/limits per container of a workload's first live pod (its pods come sorted by name); empty without pods.</summary>
    public static Dictionary<string, CurrentResources> ByContainer(IReadOnlyList<V1Pod> pods) =>
        pods.FirstOrDefault()?.Spec?.Containers?.Where(c => c.Name is not null).ToDictionary(c => c.Name!, Of, StringComparer.Ordinal) ?? [];

    // KubernetesClient hands quantities over as ResourceQuantity; its text is read by our one quantity parser.
    private static double? Cores(IDictionary<string, ResourceQuantity>? list, string name) =>
        Parse(list, name) is { } value ? (double)value : null;

    private static long? Bytes(IDictionary<string, ResourceQuantity>? list, string name) =>
        Parse(list, name) is { } value ? (long)decimal.Ceiling(value) : null;

    private static decimal? Parse(IDictionary<string, ResourceQuantity>? list, string name) =>
        list is not null && list.TryGetValue(name, out var quantity) && quantity?.ToString() is { } text && Quantity.TryParse(text, out var value, out _) ? value : null;
}
