using System.Globalization;
using System.Text.Json.Nodes;

namespace KernelTruth.Kube.TestServer.Semantics;

/// <summary>
/// What the API server does to an object on its way into storage: defaults and immutable
/// metadata on create, optimistic concurrency and the status-subresource split on update,
/// metadata.generation bumped when anything but metadata (and status, where it is a
/// subresource) changes.
/// </summary>
internal static class ObjectRules
{
    private const string NameAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    public static JsonObject PrepareCreate(ResourceRef r, JsonObject body, DateTimeOffset now)
    {
        CheckKind(r, body);
        var metadata = ObjectFields.Metadata(body);
        var name = ObjectFields.Name(body);
        if (string.IsNullOrEmpty(name))
        {
            var prefix = ObjectFields.Text(body, "generateName");
            if (string.IsNullOrEmpty(prefix))
            {
                throw ApiError.Invalid($"{r.Resource.GroupResource}: metadata.name: Required value: name or generateName is required");
            }

            name = prefix + new string(Enumerable.Range(0, 5).Select(_ => NameAlphabet[Random.Shared.Next(NameAlphabet.Length)]).ToArray());
            metadata["name"] = name;
        }

        CheckNamespace(r, body);
        if (r.Resource.Namespaced)
        {
            metadata["namespace"] = r.Namespace;
        }

        metadata["uid"] = Guid.NewGuid().ToString();
        metadata["creationTimestamp"] = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        metadata["generation"] = 1;
        metadata.Remove("resourceVersion");

        // Status is written only through /status where that subresource exists.
        if (r.Resource.HasStatusSubresource)
        {
            body.Remove("status");
        }

        return body;
    }

    /// <summary>A PUT (or patch result) of the main resource replacing <paramref name="stored"/>.</summary>
    public static JsonObject MainUpdate(ResourceRef r, string name, JsonObject stored, JsonObject incoming)
    {
        CheckKind(r, incoming);
        CheckIdentity(r, name, incoming);
        CheckConcurrency(r, name, stored, incoming);

        var next = (JsonObject)incoming.DeepClone();
        KeepImmutableMetadata(stored, next);
        if (r.Resource.HasStatusSubresource)
        {
            next.Remove("status");
            if (stored["status"] is { } status)
            {
                next["status"] = status.DeepClone();
            }
        }

        var generation = ObjectFields.Generation(stored);
        ObjectFields.Metadata(next)["generation"] = SpecEquals(stored, next, r.Resource.HasStatusSubresource) ? generation : generation + 1;
        return next;
    }

    /// <summary>A PUT (or patch result) of /status: only status is taken from <paramref name="incoming"/>.</summary>
    public static JsonObject StatusUpdate(ResourceRef r, string name, JsonObject stored, JsonObject incoming)
    {
        CheckIdentity(r, name, incoming);
        CheckConcurrency(r, name, stored, incoming);
        var next = (JsonObject)stored.DeepClone();
        next.Remove("status");
        if (incoming["status"] is { } status)
        {
            next["status"] = status.DeepClone();
        }

        return next;
    }

    private static void CheckKind(ResourceRef r, JsonObject body)
    {
        var kind = body["kind"]?.GetValue<string>();
        var apiVersion = body["apiVersion"]?.GetValue<string>();
        if ((kind is not null && kind != r.Resource.Kind) || (apiVersion is not null && apiVersion != r.Resource.ApiVersion))
        {
            throw ApiError.BadRequest(
                $"the body is {apiVersion}/{kind}, but the URL is {r.Resource.ApiVersion} {r.Resource.Plural} ({r.Resource.Kind})");
        }

        body["kind"] = r.Resource.Kind;
        body["apiVersion"] = r.Resource.ApiVersion;
    }

    private static void CheckNamespace(ResourceRef r, JsonObject body)
    {
        var ns = ObjectFields.Namespace(body);
        if (r.Resource.Namespaced && r.Namespace is null)
        {
            throw ApiError.BadRequest($"{r.Resource.GroupResource} is namespaced: the URL needs /namespaces/<ns>/");
        }

        if (!string.IsNullOrEmpty(ns) && r.Resource.Namespaced && ns != r.Namespace)
        {
            throw ApiError.BadRequest($"the namespace of the provided object ({ns}) does not match the namespace sent on the request ({r.Namespace})");
        }
    }

    private static void CheckIdentity(ResourceRef r, string name, JsonObject incoming)
    {
        var bodyName = ObjectFields.Name(incoming);
        if (bodyName is not null && bodyName != name)
        {
            throw ApiError.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({name})");
        }

        CheckNamespace(r, incoming);
        ObjectFields.Metadata(incoming)["name"] = name;
        if (r.Resource.Namespaced)
        {
            ObjectFields.Metadata(incoming)["namespace"] = r.Namespace;
        }
    }

    /// <summary>A resourceVersion in the body must be the stored one; none means "unconditional".</summary>
    private static void CheckConcurrency(ResourceRef r, string name, JsonObject stored, JsonObject incoming)
    {
        var expected = ObjectFields.ResourceVersion(incoming);
        if (!string.IsNullOrEmpty(expected) && expected != ObjectFields.ResourceVersion(stored))
        {
            throw ApiError.Conflict(r, name);
        }
    }

    private static void KeepImmutableMetadata(JsonObject stored, JsonObject next)
    {
        var metadata = ObjectFields.Metadata(next);
        foreach (var field in new[] { "uid", "creationTimestamp" })
        {
            metadata[field] = stored["metadata"]?[field]?.DeepClone();
        }
    }

    private static bool SpecEquals(JsonObject a, JsonObject b, bool statusIsSubresource)
    {
        static JsonObject Strip(JsonObject o, bool status)
        {
            var copy = (JsonObject)o.DeepClone();
            copy.Remove("metadata");
            if (status)
            {
                copy.Remove("status");
            }

            return copy;
        }

        return JsonNode.DeepEquals(Strip(a, statusIsSubresource), Strip(b, statusIsSubresource));
    }
}
