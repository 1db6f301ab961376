using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace KernelTruth.Kube.TestServer;

/// <summary>Who asked, as the server authenticated them.</summary>
public sealed record TestUser(string Name, IReadOnlyList<string> Groups);

/// <summary>
/// Answers for create-only review resources (TokenReview, SubjectAccessReview, or any other the
/// test registers): the function gets the posted object's spec and the caller, and returns the
/// status to send back. Nothing is stored.
/// </summary>
internal sealed class ReviewHandlers
{
    private readonly ConcurrentDictionary<KubeResource, Func<JsonObject, TestUser, JsonObject>> _handlers = new();

    public void Set(KubeResource resource, Func<JsonObject, TestUser, JsonObject> handler) => _handlers[resource] = handler;

    public bool TryGet(KubeResource resource, out Func<JsonObject, TestUser, JsonObject> handler) =>
        _handlers.TryGetValue(resource, out handler!);

    public bool IsReview(KubeResource resource) => _handlers.ContainsKey(resource);
}
