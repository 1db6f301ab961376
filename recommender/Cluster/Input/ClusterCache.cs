using k8s;
using k8s.Models;
using KernelTruth.Cluster.Attribution;
using KernelTruth.Kubernetes.Informers;
using KernelTruth.Kubernetes.Resources;
using Microsoft.Extensions.Logging;

namespace KernelTruth.Cluster.Input;

/// <summary>
/// The informers the recommender reads from, cluster-wide: pods, ReplicaSets and Jobs (attribution, sensors) as
/// KubernetesClient's typed core objects, VPAs and our WorkloadProfiles (what is written already, so nothing is
/// written twice) as custom objects. VPA is optional: a cluster without its CRD syncs with no VPAs (logged once), so the
/// recommender is ready and writes WorkloadProfiles; the CRD is looked for again every <paramref name="vpaRecheck"/>
/// and its objects are read once it appears.
/// </summary>
public sealed class ClusterCache
{
    /// <param name="vpaRecheck">How often a missing VPA CRD is looked for again [30 s].</param>
    public ClusterCache(IKubernetes client, ILoggerFactory loggers, TimeProvider? time = null, TimeSpan? vpaRecheck = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(loggers);
        Informer<T> Make<T>(ListWatch<T> source, string name, InformerOptions? options = null)
            where T : class, IKubernetesObject<V1ObjectMeta> =>
            new(source, options, time, loggers.CreateLogger("KernelTruth.Cluster.Informer." + name));

        Pods = Make(new ListWatch<V1Pod>(
            async (next, limit, ct) => Page(await client.CoreV1.ListPodForAllNamespacesAsync(continueParameter: next, limit: limit, cancellationToken: ct).ConfigureAwait(false)),
            (w, ct) => client.CoreV1.WatchListPodForAllNamespacesAsync(allowWatchBookmarks: true, resourceVersion: w.ResourceVersion, timeoutSeconds: w.TimeoutSeconds, onError: w.OnError, cancellationToken: ct),
            "pods"), "Pods");
        ReplicaSets = Make(new ListWatch<V1ReplicaSet>(
            async (next, limit, ct) => Page(await client.AppsV1.ListReplicaSetForAllNamespacesAsync(continueParameter: next, limit: limit, cancellationToken: ct).ConfigureAwait(false)),
            (w, ct) => client.AppsV1.WatchListReplicaSetForAllNamespacesAsync(allowWatchBookmarks: true, resourceVersion: w.ResourceVersion, timeoutSeconds: w.TimeoutSeconds, onError: w.OnError, cancellationToken: ct),
            "replicasets.apps"), "ReplicaSets");
        Jobs = Make(new ListWatch<V1Job>(
            async (next, limit, ct) => Page(await client.BatchV1.ListJobForAllNamespacesAsync(continueParameter: next, limit: limit, cancellationToken: ct).ConfigureAwait(false)),
            (w, ct) => client.BatchV1.WatchListJobForAllNamespacesAsync(allowWatchBookmarks: true, resourceVersion: w.ResourceVersion, timeoutSeconds: w.TimeoutSeconds, onError: w.OnError, cancellationToken: ct),
            "jobs.batch"), "Jobs");
        var optional = new InformerOptions { Optional = true };
        Vpas = Make(
            CustomResourceListWatch.For<VerticalPodAutoscaler>(client, VerticalPodAutoscaler.Resource),
            "Vpas",
            optional with { AbsentRecheck = vpaRecheck ?? optional.AbsentRecheck });
        Profiles = Make(CustomResourceListWatch.For<WorkloadProfile>(client, WorkloadProfile.Resource), "Profiles");
    }

    public Informer<V1Pod> Pods { get; }

    public Informer<V1ReplicaSet> ReplicaSets { get; }

    public Informer<V1Job> Jobs { get; }

    public Informer<VerticalPodAutoscaler> Vpas { get; }

    public Informer<WorkloadProfile> Profiles { get; }

    public bool HasSynced => Pods.HasSynced && ReplicaSets.HasSynced && Jobs.HasSynced && Vpas.HasSynced && Profiles.HasSynced;

    /// <summary>Runs every informer until <paramref name="ct"/> ends.</summary>
    public Task RunAsync(CancellationToken ct) => Task.WhenAll(Pods.RunAsync(ct), ReplicaSets.RunAsync(ct), Jobs.RunAsync(ct), Vpas.RunAsync(ct), Profiles.RunAsync(ct));

    public Task WaitForSyncAsync(CancellationToken ct) => Task.WhenAll(Pods.WaitForSyncAsync(ct), ReplicaSets.WaitForSyncAsync(ct), Jobs.WaitForSyncAsync(ct), Vpas.WaitForSyncAsync(ct), Profiles.WaitForSyncAsync(ct));

    /// <summary>The pod index of <paramref name="pods"/> (a list taken from <see cref="Pods"/>), owners as the caches stand now.</summary>
    /// <param name="previous">The index the new one replaces, whose workload keys it reuses where still right.</param>
    public PodIndex BuildIndex(IReadOnlyList<V1Pod> pods, PodIndex? previous = null) => PodIndex.Build(pods, OwnerLookup, previous);

    private V1ObjectMeta? OwnerLookup(string kind, string ns, string name) => kind switch
    {
        "ReplicaSet" => ReplicaSets.Get(ns, name)?.Metadata,
        "Job" => Jobs.Get(ns, name)?.Metadata,
        _ => null,
    };

    private static ListPage<T> Page<T>(IKubernetesObject<V1ListMeta> list, IList<T> items) =>
        new([.. items], list.Metadata?.ResourceVersion, list.Metadata?.ContinueProperty);

    private static ListPage<V1Pod> Page(V1PodList list) => Page(list, list.Items);

    private static ListPage<V1ReplicaSet> Page(V1ReplicaSetList list) => Page(list, list.Items);

    private static ListPage<V1Job> Page(V1JobList list) => Page(list, list.Items);
}
