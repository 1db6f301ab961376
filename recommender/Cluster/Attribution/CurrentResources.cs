using KernelTruth.Contracts.Units;
using KernelTruth.Cluster.Api;

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
    public static CurrentResources Of(Container container)
    {
        var requests = container.Resources?.Requests;
        var limits = container.Resources?.Limits;
        double? cpuLimit = Cores(limits, "cpu");
        long? memoryLimit = Bytes(limits, "memory");
        return new CurrentResources(Cores(requests, "cpu") ?? cpuLimit, cpuLimit, Bytes(requests, "memory") ?? memoryLimit, memoryLimit);
    }

    private static double? Cores(Dictionary<string, string>? list, string name) =>
        list?.GetValueOrDefault(name) is { } text && Quantity.TryParse(text, out var value, out _) ? (double)value : null;

    private static long? Bytes(Dictionary<string, string>? list, string name) =>
        list?.GetValueOrDefault(name) is { } text && Quantity.TryParse(text, out var value, out _) ? (long)decimal.Ceiling(value) : null;
}
