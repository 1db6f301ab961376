using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using KernelTruth.Kube.TestServer.Semantics;
using KernelTruth.Kube.TestServer.Storage;
using Microsoft.AspNetCore.Http;

namespace KernelTruth.Kube.TestServer;

/// <summary>One authenticated request against one resource; returns the status code it answered.</summary>
internal sealed class ApiVerbs(KubeTestServer server, HttpContext context, ResourceRef target, TestUser user)
{
    private ApiStore Store => server.Store;

    public Task<int> RunAsync(string verb)
    {
        if (target.Subresource is not null && (target.Subresource != "status" || !target.Resource.HasStatusSubresource || verb is not ("get" or "update" or "patch")))
        {
            throw new ApiError(404, "NotFound", $"{target.Resource.GroupResource} has no subresource {target.Subresource} for {verb}");
        }

        if (server.Reviews.IsReview(target.Resource))
        {
            return verb == "create" ? ReviewAsync() : throw new ApiError(405, "MethodNotAllowed", $"{target.Resource.GroupResource} only supports create");
        }

        if (target.Name is not null && verb is "create")
        {
            throw new ApiError(405, "MethodNotAllowed", "POST to a named object");
        }

        if (target.Name is null && verb is "update" or "patch" or "delete")
        {
            throw new ApiError(405, "MethodNotAllowed", $"{verb} needs an object name (deletecollection is not implemented)");
        }

        return verb switch
        {
            "get" => Answer(200, Store.Get(target, target.Name!) ?? throw ApiError.NotFound(target, target.Name!)),
            "list" => ListAsync(),
            "watch" => WatchAsync(),
            "create" => CreateAsync(),
            "update" => UpdateAsync(),
            "patch" => PatchAsync(),
            "delete" => DeleteAsync(),
            _ => throw new ApiError(405, "MethodNotAllowed", $"{context.Request.Method} is not supported"),
        };
    }

    private async Task<int> ListAsync()
    {
        var labels = LabelSelector.Parse(Query("labelSelector"));
        var fields = FieldSelector.Parse(Query("fieldSelector"));
        var limit = Query("limit") is { } l ? ParseInt(l, "limit") : 0;
        string? startAfter = null;
        if (Query("continue") is { } token)
        {
            var (version, key) = ContinueToken.Read(token);
            if (version < Store.CompactedThrough)
            {
                throw ApiError.Gone("The provided continue parameter is too old to display a consistent list result.");
            }

            startAfter = key;
        }

        var (items, resourceVersion, lastKey, more) = Store.List(
            target, o => labels.Matches(ObjectFields.Labels(o)) && fields.Matches(o), startAfter, limit > 0 ? limit : int.MaxValue);
        var metadata = new JsonObject { ["resourceVersion"] = ObjectFields.Version(resourceVersion) };
        if (more)
        {
            metadata["continue"] = ContinueToken.Write(resourceVersion, lastKey!);
        }

        var list = new JsonObject
        {
            ["kind"] = target.Resource.Kind + "List",
            ["apiVersion"] = target.Resource.ApiVersion,
            ["metadata"] = metadata,
            ["items"] = new JsonArray(items.Select(i => (JsonNode)i).ToArray()),
        };
        return await Answer(200, list).ConfigureAwait(false);
    }

    private async Task<int> WatchAsync()
    {
        var labels = LabelSelector.Parse(Query("labelSelector"));
        var fields = FieldSelector.Parse(Query("fieldSelector"));
        long? from = Query("resourceVersion") is { Length: > 0 } rv && rv != "0" ? ParseLong(rv, "resourceVersion") : null;
        var timeout = Query("timeoutSeconds") is { } t ? TimeSpan.FromSeconds(ParseInt(t, "timeoutSeconds")) : server.Options.MaxWatchDuration;
        var bookmarks = Query("allowWatchBookmarks") is "true" or "1";

        Watcher watcher;
        try
        {
            watcher = Store.Watch(target, labels, fields, from, bookmarks);
        }
        catch (ApiError e) when (e.Code == 410)
        {
            // Like the API server: the watch itself succeeds and its first event is the 410.
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json";
            var error = new JsonObject { ["type"] = "ERROR", ["object"] = e.ToStatus() };
            await context.Response.WriteAsync(error.ToJsonString() + "\n", context.RequestAborted).ConfigureAwait(false);
            return 200;
        }

        try
        {
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json";
            await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
            using var ends = new CancellationTokenSource(timeout, server.Options.Time);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ends.Token, context.RequestAborted, watcher.Dropped);
            try
            {
                await foreach (var line in watcher.Lines.ReadAllAsync(stop.Token).ConfigureAwait(false))
                {
                    await context.Response.WriteAsync(line + "\n", stop.Token).ConfigureAwait(false);
                    await context.Response.Body.FlushAsync(stop.Token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (watcher.Dropped.IsCancellationRequested)
            {
                context.Abort(); // a dropped connection, not a clean end: the client must see a broken stream
            }
            catch (OperationCanceledException) when (ends.IsCancellationRequested || context.RequestAborted.IsCancellationRequested)
            {
                // timeoutSeconds reached (a clean end) or the client went away.
            }
        }
        finally
        {
            Store.Unwatch(watcher);
            watcher.Close();
        }

        return 200;
    }

    private async Task<int> CreateAsync()
    {
        var body = await ReadObjectAsync().ConfigureAwait(false);
        var prepared = ObjectRules.PrepareCreate(target, body, server.Options.Time.GetUtcNow());
        return await Answer(201, Store.Create(target, prepared)).ConfigureAwait(false);
    }

    private async Task<int> UpdateAsync()
    {
        var body = await ReadObjectAsync().ConfigureAwait(false);
        var name = target.Name!;
        var updated = Store.Update(target, name, stored => target.Subresource == "status"
            ? ObjectRules.StatusUpdate(target, name, stored, body)
            : ObjectRules.MainUpdate(target, name, stored, body));
        return await Answer(200, updated).ConfigureAwait(false);
    }

    private async Task<int> PatchAsync()
    {
        var contentType = context.Request.ContentType?.Split(';')[0].Trim();
        if (contentType is not ("application/merge-patch+json" or "application/json-patch+json"))
        {
            throw new ApiError(415, "UnsupportedMediaType",
                $"the body of the request was in an unknown format ({contentType}); accepted: application/json-patch+json, application/merge-patch+json");
        }

        var patch = await ReadJsonAsync().ConfigureAwait(false);
        var name = target.Name!;
        var updated = Store.Update(target, name, stored =>
        {
            var patched = contentType == "application/merge-patch+json"
                ? MergePatch.Apply(stored.DeepClone(), patch) as JsonObject ?? throw ApiError.BadRequest("merge patch must be an object")
                : JsonPatch.Apply(stored.DeepClone(), patch as JsonArray ?? throw ApiError.BadRequest("json patch must be an array")) as JsonObject
                    ?? throw ApiError.Invalid("json patch result is not an object");

            // A resourceVersion the patch itself set is a precondition; an untouched one is the stored one.
            return target.Subresource == "status"
                ? ObjectRules.StatusUpdate(target, name, stored, patched)
                : ObjectRules.MainUpdate(target, name, stored, patched);
        });
        return await Answer(200, updated).ConfigureAwait(false);
    }

    private async Task<int> DeleteAsync()
    {
        string? precondition = null;
        if (context.Request.ContentLength is > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            var options = await ReadJsonAsync().ConfigureAwait(false);
            precondition = options?["preconditions"]?["resourceVersion"]?.GetValue<string>();
        }

        return await Answer(200, Store.Delete(target, target.Name!, precondition)).ConfigureAwait(false);
    }

    private async Task<int> ReviewAsync()
    {
        var body = await ReadObjectAsync().ConfigureAwait(false);
        server.Reviews.TryGet(target.Resource, out var handler);
        var spec = body["spec"] as JsonObject ?? throw ApiError.Invalid($"{target.Resource.GroupResource}: spec: Required value");
        body["kind"] = target.Resource.Kind;
        body["apiVersion"] = target.Resource.ApiVersion;
        body["status"] = handler(spec, user);
        return await Answer(201, body).ConfigureAwait(false);
    }

    private async Task<int> Answer(int code, JsonNode body)
    {
        await ApiRequestHandler.WriteAsync(context, code, body).ConfigureAwait(false);
        return code;
    }

    private async Task<JsonObject> ReadObjectAsync() =>
        await ReadJsonAsync().ConfigureAwait(false) as JsonObject ?? throw ApiError.BadRequest("the body must be a JSON object");

    private async Task<JsonNode?> ReadJsonAsync()
    {
        try
        {
            return await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            throw ApiError.BadRequest($"the body is not valid JSON: {e.Message}");
        }
    }

    private string? Query(string key) => context.Request.Query.TryGetValue(key, out var value) ? value.ToString() : null;

    private static int ParseInt(string text, string field) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : throw ApiError.BadRequest($"{field}: '{text}' is not a whole number");

    private static long ParseLong(string text, string field) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : throw ApiError.BadRequest($"{field}: '{text}' is not a resourceVersion of this server");
}

/// <summary>"continue" tokens: base64 of "version:lastKey". Opaque to clients, as on a real server.</summary>
internal static class ContinueToken
{
    public static string Write(long resourceVersion, string lastKey) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{resourceVersion}:{lastKey}"));

    public static (long ResourceVersion, string LastKey) Read(string token)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            return (long.Parse(text[..colon], CultureInfo.InvariantCulture), text[(colon + 1)..]);
        }
        catch (Exception e) when (e is FormatException or ArgumentOutOfRangeException or OverflowException)
        {
            throw ApiError.BadRequest("continue: not a token of this server");
        }
    }
}
