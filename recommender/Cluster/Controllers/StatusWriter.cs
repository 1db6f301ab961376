using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using KernelTruth.Kubernetes.Connection;
using KernelTruth.Kubernetes.Election;
using KernelTruth.Kubernetes.Resources;
using KernelTruth.Recommender.Output;
using Microsoft.Extensions.Logging;

namespace KernelTruth.Cluster.Controllers;

/// <summary>
/// Writes our custom objects' status the way the stock VPA recommender does: a JSON patch of the status subresource
/// that adds /status whole (add replaces an existing member), so nothing outside status can change. An API failure is
/// logged with the object's kind and name and answered false: the caller counts it and writes again next loop.
/// </summary>
internal sealed partial class StatusWriter(IKubernetes client, ILeadership leadership, ILogger logger)
{
    public IKubernetes Client => client;

    /// <summary>
    /// Whether this replica holds the Lease now. The writers ask it before every write, not once per loop: a Lease
    /// lost halfway through a loop (a renewal that failed, another replica taking over) stops the writes that remain.
    /// </summary>
    public bool MayWrite => leadership.IsLeader;

    /// <summary>The result of a sink that stopped because the Lease was lost under it, logged with the sink's name.</summary>
    public SinkResult Deposed(string sink, int items, int writes, int errors)
    {
        Log.Deposed(logger, sink, writes);
        return new SinkResult(items, writes, errors, LeaderOnlySink.LostMidLoop);
    }

    public async Task<bool> PatchStatusAsync(CustomResource resource, string ns, string name, string status, CancellationToken ct)
    {
        try
        {
            var patch = new JsonArray(new JsonObject { ["op"] = "add", ["path"] = "/status", ["value"] = JsonNode.Parse(status) });
            await client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
                new V1Patch(patch.ToJsonString(), V1Patch.PatchType.JsonPatch), resource.Group, resource.Version, ns, resource.Plural, name, cancellationToken: ct).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ApiErrors.IsApiFailure(ex, ct))
        {
            WriteFailed(resource.Kind, ns, name, ex);
            return false;
        }
    }

    public void WriteFailed(string kind, string ns, string name, Exception ex) => Log.WriteFailed(logger, kind, ns, name, ApiErrors.Describe(ex));

    /// <summary>Status as the API client writes it: what is compared to decide whether anything changed.</summary>
    public static string Json<T>(T value) => KubernetesJson.Serialize(value);

    private static partial class Log
    {
        [LoggerMessage(EventId = 4104, Level = LogLevel.Error, Message = "{Kind} {Namespace}/{Name}: write failed (retried next loop): {Reason}")]
        public static partial void WriteFailed(ILogger logger, string kind, string @namespace, string name, string reason);

        [LoggerMessage(EventId = 4108, Level = LogLevel.Warning, Message = "Sink {Sink}: the Lease was lost during the loop after {Writes} writes; the rest is left to the new leader")]
        public static partial void Deposed(ILogger logger, string sink, int writes);
    }
}
