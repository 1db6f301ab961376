using KernelTruth.Kube.Client;
using KernelTruth.Kube.Informers;
using KernelTruth.Kube.Resources;
using KernelTruth.Cluster.Api;
using KernelTruth.Cluster.Attribution;
using Microsoft.Extensions.Logging;

namespace KernelTruth.Cluster.Controllers;

/// <summary>
/// The informers the recommender reads from: pods, ReplicaSets and Jobs (attribution, sensors), VPAs
/// and our WorkloadProfiles (what is written already, so nothing is written twice). Cluster-wide.
/// </summary>
public sealed class ClusterCache
{
    public ClusterCache(KubeClient client, ILoggerFactory loggers)
    {
        Pods = new Informer<Pod>(client, KubeResources.Pods, null, KubernetesJsonContext.Default.Pod, logger: loggers.CreateLogger("KernelTruth.Cluster.Informer.Pods"));
        ReplicaSets = new Informer<MetadataOnly>(client, KubeResources.ReplicaSets, null, KubernetesJsonContext.Default.MetadataOnly, logger: loggers.CreateLogger("KernelTruth.Cluster.Informer.ReplicaSets"));
        Jobs = new Informer<MetadataOnly>(client, KubeResources.Jobs, null, KubernetesJsonContext.Default.MetadataOnly, logger: loggers.CreateLogger("KernelTruth.Cluster.Informer.Jobs"));
        Vpas = new Informer<VerticalPodAutoscaler>(client, KubeResources.VerticalPodAutoscalers, null, KubernetesJsonContext.Default.VerticalPodAutoscaler, logger: loggers.CreateLogger("KernelTruth.Cluster.Informer.Vpas"));
        Profiles = new Informer<WorkloadProfile>(client, KubeResources.WorkloadProfiles, null, KubernetesJsonContext.Default.WorkloadProfile, logger: loggers.CreateLogger("KernelTruth.Cluster.Informer.Profiles"));
    }

    public Informer<Pod> Pods { get; }

    public Informer<MetadataOnly> ReplicaSets { get; }

    public Informer<MetadataOnly> Jobs { get; }

    public Informer<VerticalPodAutoscaler> Vpas { get; }

    public Informer<WorkloadProfile> Profiles { get; }

    public bool HasSynced => Pods.HasSynced && ReplicaSets.HasSynced && Jobs.HasSynced && Vpas.HasSynced && Profiles.HasSynced;

    /// <summary>Runs every informer until <paramref name="ct"/> ends.</summary>
    public Task RunAsync(CancellationToken ct) => Task.WhenAll(Pods.RunAsync(ct), ReplicaSets.RunAsync(ct), Jobs.RunAsync(ct), Vpas.RunAsync(ct), Profiles.RunAsync(ct));

    public Task WaitForSyncAsync(CancellationToken ct) => Task.WhenAll(Pods.WaitForSyncAsync(ct), ReplicaSets.WaitForSyncAsync(ct), Jobs.WaitForSyncAsync(ct), Vpas.WaitForSyncAsync(ct), Profiles.WaitForSyncAsync(ct));

    /// <summary>The pod index as the caches stand now.</summary>
    public PodIndex BuildIndex() => PodIndex.Build(Pods.List(), OwnerLookup);

    private ObjectMeta? OwnerLookup(string kind, string ns, string name) => kind switch
    {
        "ReplicaSet" => ReplicaSets.Get(ns, name)?.Metadata,
        "Job" => Jobs.Get(ns, name)?.Metadata,
        _ => null,
    };
}
