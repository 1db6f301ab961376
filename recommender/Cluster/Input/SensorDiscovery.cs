using k8s.Models;
using KernelTruth.Cluster.Configuration;

namespace KernelTruth.Cluster.Input;

/// <summary>
/// Sensor endpoints from the sensor pods in our namespace: one per running, addressed pod, keyed by node.
/// The port is the pod's container port named "http" (the DaemonSet's), else <see cref="ClusterOptions.SensorPort"/>.
/// </summary>
public static class SensorDiscovery
{
    public static IReadOnlyList<(string Node, Uri Url)> Find(IEnumerable<V1Pod> pods, ClusterOptions options)
    {
        var parts = options.SensorSelector.Split('=', 2);
        return
        [
            .. pods
                .Where(p => p.Metadata?.NamespaceProperty == options.Namespace
                    && p.Metadata.Labels is { } labels && labels.TryGetValue(parts[0], out var value) && value == parts[1]
                    && p.Status?.Phase == "Running"
                    && !string.IsNullOrEmpty(p.Status.PodIP)
                    && p.Metadata.DeletionTimestamp is null)
                .Select(p => (p.Spec?.NodeName ?? p.Metadata.Name ?? "", new Uri($"http://{Host(p.Status!.PodIP!)}:{Port(p) ?? options.SensorPort}/")))
                .OrderBy(s => s.Item1, StringComparer.Ordinal),
        ];
    }

    private static int? Port(V1Pod pod) =>
        pod.Spec?.Containers?.SelectMany(c => c.Ports ?? []).FirstOrDefault(p => p.Name == "http")?.ContainerPort is int port and > 0 ? port : null;

    private static string Host(string ip) => ip.Contains(':', StringComparison.Ordinal) ? $"[{ip}]" : ip;
}
