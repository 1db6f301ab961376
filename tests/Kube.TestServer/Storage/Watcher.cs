using System.Text.Json.Nodes;
using System.Threading.Channels;
using KernelTruth.Kube.TestServer.Semantics;

namespace KernelTruth.Kube.TestServer.Storage;

/// <summary>
/// One open watch: what it selects and the lines waiting to be written. Lines are queued under
/// the store's lock, so events and bookmarks reach the client in resourceVersion order.
/// </summary>
internal sealed class Watcher(KubeResource resource, string? ns, LabelSelector labels, FieldSelector fields, bool bookmarks)
{
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _dropped = new();

    public KubeResource Resource => resource;
    public bool WantsBookmarks => bookmarks;
    public ChannelReader<string> Lines => _lines.Reader;

    /// <summary>Cancelled when the test drops watches: the handler then aborts the connection.</summary>
    public CancellationToken Dropped => _dropped.Token;

    public bool Selects(JsonObject obj) =>
        (ns is null || ObjectFields.Namespace(obj) == ns) && labels.Matches(ObjectFields.Labels(obj)) && fields.Matches(obj);

    /// <summary>
    /// Queues the event as this watcher sees it: an object that stops matching the selector is
    /// DELETED for it, one that starts matching is ADDED (as the API server does).
    /// </summary>
    public void Offer(StoredEvent e)
    {
        if (e.Resource != resource)
        {
            return;
        }

        var now = Selects(e.Object);
        var before = e.Old is not null && Selects(e.Old);
        var type = e.Type switch
        {
            "MODIFIED" when now && !before => "ADDED",
            "MODIFIED" when !now && before => "DELETED",
            "MODIFIED" when !now && !before => null,
            _ when !now => null,
            _ => e.Type,
        };
        if (type is not null)
        {
            Enqueue(type, e.Object);
        }
    }

    public void Enqueue(string type, JsonObject obj) =>
        _lines.Writer.TryWrite(new JsonObject { ["type"] = type, ["object"] = obj.DeepClone() }.ToJsonString());

    public void Bookmark(long resourceVersion) =>
        Enqueue("BOOKMARK", new JsonObject
        {
            ["kind"] = resource.Kind,
            ["apiVersion"] = resource.ApiVersion,
            ["metadata"] = new JsonObject { ["resourceVersion"] = resourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        });

    public void Drop() => _dropped.Cancel();

    public void Close() => _lines.Writer.TryComplete();
}
