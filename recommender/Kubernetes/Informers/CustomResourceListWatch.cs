using System.Runtime.CompilerServices;
using System.Text.Json;
using k8s;
using k8s.Models;
using KernelTruth.Kubernetes.Resources;

namespace KernelTruth.Kubernetes.Informers;

/// <summary>
/// List and watch of a custom resource in every namespace through KubernetesClient's custom-object operations. Its
/// watch yields each object as JSON; this turns it into <typeparamref name="T"/> with the client's own serializer.
/// </summary>
public static class CustomResourceListWatch
{
    public static ListWatch<T> For<T>(IKubernetes client, CustomResource resource)
        where T : IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(resource);
        return new ListWatch<T>(
            async (next, limit, ct) =>
            {
                var list = await client.CustomObjects.ListClusterCustomObjectAsync<CustomResourceList<T>>(
                    resource.Group, resource.Version, resource.Plural, continueParameter: next, limit: limit, cancellationToken: ct).ConfigureAwait(false);
                return new ListPage<T>([.. list.Items], list.Metadata?.ResourceVersion, list.Metadata?.ContinueProperty);
            },
            (watch, ct) => Typed<T>(client.CustomObjects.WatchListClusterCustomObjectAsync(
                resource.Group, resource.Version, resource.Plural, allowWatchBookmarks: true, resourceVersion: watch.ResourceVersion,
                timeoutSeconds: watch.TimeoutSeconds, onError: watch.OnError, cancellationToken: ct), watch.OnError, ct),
            resource.ToString());
    }

    private static async IAsyncEnumerable<(WatchEventType, T)> Typed<T>(
        IAsyncEnumerable<(WatchEventType, object)> events, Action<Exception> onError, [EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var (type, raw) in events.WithCancellation(ct).ConfigureAwait(false))
        {
            T? typed = default;
            try
            {
                typed = raw is JsonElement json ? KubernetesJson.Deserialize<T>(json.GetRawText()) : default;
            }
            catch (JsonException e)
            {
                onError(e);
            }

            if (typed is not null)
            {
                yield return (type, typed);
            }
        }
    }
}
