using k8s;

namespace KernelTruth.Kubernetes.Informers;

/// <summary>One page of a list: its items, the list's resourceVersion and the token of the next page (null: last).</summary>
public sealed record ListPage<T>(IReadOnlyList<T> Items, string? ResourceVersion, string? Continue);

/// <summary>
/// What a watch asks: changes after <paramref name="ResourceVersion"/>, bookmarks included, for at most
/// <paramref name="TimeoutSeconds"/>. <paramref name="OnError"/> gets what the stream carries besides objects: an ERROR
/// event's Status (as KubernetesClient's <see cref="KubernetesException"/>, 410 among them) or a line that did not decode.
/// </summary>
public sealed record WatchRequest(string? ResourceVersion, int TimeoutSeconds, Action<Exception> OnError);

/// <summary>
/// How an informer reads one resource: a list call (one page, from a continue token, at most so many items) and a
/// watch call, both KubernetesClient's typed operations. The informer knows nothing of paths or object types.
/// </summary>
/// <param name="Description">"pods", "verticalpodautoscalers.autoscaling.k8s.io": for log lines.</param>
public sealed record ListWatch<T>(
    Func<string?, int, CancellationToken, Task<ListPage<T>>> List,
    Func<WatchRequest, CancellationToken, IAsyncEnumerable<(WatchEventType Type, T Object)>> Watch,
    string Description);
