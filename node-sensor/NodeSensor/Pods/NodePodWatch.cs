using k8s;
using k8s.Models;
using KernelTruth.Kubernetes.Informers;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KernelTruth.NodeSensor.Pods;

/// <summary>
/// Keeps <see cref="NodePods"/> current: lists and watches the pods whose <c>spec.nodeName</c> is this node (the
/// field selector the kubelet's own pod watch uses), through the recommender's <see cref="Informer{T}"/> (resume
/// after a dropped watch, re-list on 410, backoff). Needs pods list and watch; RBAC cannot narrow that to one node,
/// the field selector keeps the traffic to this node's pods.
/// </summary>
internal sealed class NodePodWatch : BackgroundService
{
    private readonly Informer<V1Pod> _informer;

    public NodePodWatch(IKubernetes client, string node, NodePods pods, TimeProvider time, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(client);
        string selector = "spec.nodeName=" + node;
        _informer = new Informer<V1Pod>(
            new ListWatch<V1Pod>(
                async (next, limit, ct) =>
                {
                    var list = await client.CoreV1.ListPodForAllNamespacesAsync(fieldSelector: selector, continueParameter: next, limit: limit, cancellationToken: ct).ConfigureAwait(false);
                    return new ListPage<V1Pod>([.. list.Items], list.Metadata?.ResourceVersion, list.Metadata?.ContinueProperty);
                },
                (w, ct) => client.CoreV1.WatchListPodForAllNamespacesAsync(
                    fieldSelector: selector, allowWatchBookmarks: true, resourceVersion: w.ResourceVersion, timeoutSeconds: w.TimeoutSeconds, onError: w.OnError, cancellationToken: ct),
                "pods on node " + node),
            null,
            time,
            loggers.CreateLogger("KernelTruth.NodeSensor.Pods"));
        _informer.Added += pods.Upsert;
        _informer.Updated += (_, pod) => pods.Upsert(pod);
        _informer.Deleted += pods.Delete;
    }

    /// <summary>True once the first list is in.</summary>
    public bool HasSynced => _informer.HasSynced;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => _informer.RunAsync(stoppingToken);
}
