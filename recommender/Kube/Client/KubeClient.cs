using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using KernelTruth.Kube.Configuration;
using KernelTruth.Kube.Model;
using KernelTruth.Kube.Resources;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KernelTruth.Kube.Client;

/// <summary>
/// Typed access to any resource. Objects are (de)serialized with the caller's
/// <see cref="JsonTypeInfo{T}"/> (source generated; <c>KubeJsonContext.Default.JsonObject</c> for
/// arbitrary shapes). <paramref name="namespace"/> arguments are null for cluster-scoped resources
/// and, on list and watch, for "all namespaces". Failures throw <see cref="KubeApiException"/>.
/// </summary>
public sealed class KubeClient : IDisposable
{
    private readonly KubeTransport _transport;

    public KubeClient(KubeClientConfig config, KubeClientOptions? options = null, TimeProvider? time = null, ILogger<KubeClient>? logger = null)
    {
        Config = config;
        Time = time ?? TimeProvider.System;
        _transport = new KubeTransport(config, options ?? new KubeClientOptions(), Time, logger ?? NullLogger<KubeClient>.Instance);
    }

    public KubeClientConfig Config { get; }

    /// <summary>The clock backoffs wait on; the informer and elector use the same one.</summary>
    public TimeProvider Time { get; }

    public async Task<T> GetAsync<T>(KubeResource resource, string? @namespace, string name, JsonTypeInfo<T> type, CancellationToken ct = default)
    {
        var path = resource.PathFor(@namespace, name);
        using var response = await _transport.SendAsync(new KubeRequest("get", HttpMethod.Get, path, path, Idempotent: true), ct)
            .ConfigureAwait(false);
        return await ReadAsync(response, "get", path, type, ct).ConfigureAwait(false);
    }

    /// <summary>Like <see cref="GetAsync{T}"/> but null when the object does not exist.</summary>
    public async Task<T?> TryGetAsync<T>(KubeResource resource, string? @namespace, string name, JsonTypeInfo<T> type, CancellationToken ct = default)
        where T : class
    {
        try
        {
            return await GetAsync(resource, @namespace, name, type, ct).ConfigureAwait(false);
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            return null;
        }
    }

    public async Task<KubeList<T>> ListAsync<T>(
        KubeResource resource, string? @namespace, JsonTypeInfo<T> type, ListOptions? options = null, CancellationToken ct = default)
    {
        var (items, resourceVersion, next) = await ListItemsAsync(resource, @namespace, type, options, ct).ConfigureAwait(false);
        return new KubeList<T>(items.Select(i => i.Object).ToList(), resourceVersion, next);
    }

    /// <summary>
    /// Streams watch events until the server ends the watch (timeoutSeconds), the connection
    /// drops (an <see cref="IOException"/> or <see cref="HttpRequestException"/>) or
    /// <paramref name="ct"/> is cancelled. An ERROR event is yielded, not thrown: 410 in it
    /// means "re-list". The informer does all of this for you.
    /// </summary>
    public async IAsyncEnumerable<WatchEvent<T>> WatchAsync<T>(
        KubeResource resource,
        string? @namespace,
        JsonTypeInfo<T> type,
        WatchOptions? options = null,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        options ??= new WatchOptions();
        var path = resource.PathFor(@namespace);
        var query = QueryString.Build(
            path,
            ("watch", "true"),
            ("labelSelector", options.LabelSelector),
            ("fieldSelector", options.FieldSelector),
            ("resourceVersion", options.ResourceVersion),
            ("allowWatchBookmarks", options.AllowWatchBookmarks ? "true" : null),
            ("timeoutSeconds", options.TimeoutSeconds?.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        using var response = await _transport
            .SendAsync(new KubeRequest("watch", HttpMethod.Get, path, query, Idempotent: true) { Streaming = true }, ct)
            .ConfigureAwait(false);
        await using var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        using var reader = new StreamReader(stream);
        while (await reader.ReadLineAsync(ct).ConfigureAwait(false) is { } line)
        {
            if (line.Length > 0)
            {
                yield return WatchEventParser.Parse(line, type, path);
            }
        }
    }

    public Task<T> CreateAsync<T>(KubeResource resource, string? @namespace, T obj, JsonTypeInfo<T> type, CancellationToken ct = default)
    {
        var path = resource.PathFor(@namespace);
        return SendForObjectAsync(new KubeRequest("create", HttpMethod.Post, path, path, Idempotent: false)
        {
            Body = JsonSerializer.SerializeToUtf8Bytes(obj, type),
        }, type, ct);
    }

    /// <summary>PUT the whole object; its metadata.resourceVersion makes this fail with 409 if it changed since read.</summary>
    public Task<T> ReplaceAsync<T>(KubeResource resource, string? @namespace, string name, T obj, JsonTypeInfo<T> type, CancellationToken ct = default) =>
        Put(resource.PathFor(@namespace, name), "update", obj, type, ct);

    /// <summary>PUT to the status subresource: only status changes.</summary>
    public Task<T> ReplaceStatusAsync<T>(KubeResource resource, string? @namespace, string name, T obj, JsonTypeInfo<T> type, CancellationToken ct = default) =>
        Put(resource.PathFor(@namespace, name, "status"), "update", obj, type, ct);

    public Task<T> PatchAsync<T>(KubeResource resource, string? @namespace, string name, KubePatch patch, JsonTypeInfo<T> type, CancellationToken ct = default) =>
        Patch(resource.PathFor(@namespace, name), patch, type, ct);

    /// <summary>PATCH the status subresource (the stock VPA recommender writes status this way).</summary>
    public Task<T> PatchStatusAsync<T>(KubeResource resource, string? @namespace, string name, KubePatch patch, JsonTypeInfo<T> type, CancellationToken ct = default) =>
        Patch(resource.PathFor(@namespace, name, "status"), patch, type, ct);

    /// <summary>Deletes; with <paramref name="resourceVersion"/> only if the object is still at that version (409 otherwise).</summary>
    public async Task DeleteAsync(KubeResource resource, string? @namespace, string name, string? resourceVersion = null, CancellationToken ct = default)
    {
        var path = resource.PathFor(@namespace, name);
        byte[]? body = null;
        if (resourceVersion is not null)
        {
            var options = new System.Text.Json.Nodes.JsonObject
            {
                ["kind"] = "DeleteOptions",
                ["apiVersion"] = "v1",
                ["preconditions"] = new System.Text.Json.Nodes.JsonObject { ["resourceVersion"] = resourceVersion },
            };
            body = JsonSerializer.SerializeToUtf8Bytes(options, KubeJsonContext.Default.JsonObject);
        }

        using var response = await _transport
            .SendAsync(new KubeRequest("delete", HttpMethod.Delete, path, path, Idempotent: true) { Body = body }, ct)
            .ConfigureAwait(false);
    }

    public void Dispose() => _transport.Dispose();

    internal async Task<(List<KubeItem<T>> Items, string? ResourceVersion, string? Continue)> ListItemsAsync<T>(
        KubeResource resource, string? @namespace, JsonTypeInfo<T> type, ListOptions? options, CancellationToken ct)
    {
        options ??= new ListOptions();
        var path = resource.PathFor(@namespace);
        var query = QueryString.Build(
            path,
            ("labelSelector", options.LabelSelector),
            ("fieldSelector", options.FieldSelector),
            ("limit", options.Limit?.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("continue", options.Continue),
            ("resourceVersion", options.ResourceVersion));
        using var response = await _transport.SendAsync(new KubeRequest("list", HttpMethod.Get, path, query, Idempotent: true), ct)
            .ConfigureAwait(false);
        await using var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        using var document = await JsonDocument.ParseAsync(stream, cancellationToken: ct).ConfigureAwait(false);
        return ListParser.Parse(document.RootElement, type, path);
    }

    private async Task<T> Put<T>(string path, string verb, T obj, JsonTypeInfo<T> type, CancellationToken ct)
    {
        // A PUT carries the resourceVersion it was based on: a repeat after a lost answer gets a
        // 409 at worst, never a second different write, so it may be retried.
        var request = new KubeRequest(verb, HttpMethod.Put, path, path, Idempotent: true) { Body = JsonSerializer.SerializeToUtf8Bytes(obj, type) };
        return await SendForObjectAsync(request, type, ct).ConfigureAwait(false);
    }

    private Task<T> Patch<T>(string path, KubePatch patch, JsonTypeInfo<T> type, CancellationToken ct) =>
        SendForObjectAsync(new KubeRequest("patch", HttpMethod.Patch, path, path, patch.IsIdempotent)
        {
            Body = JsonSerializer.SerializeToUtf8Bytes(patch.Body, KubeJsonContext.Default.JsonNode),
            ContentType = patch.ContentType,
        }, type, ct);

    private async Task<T> SendForObjectAsync<T>(KubeRequest request, JsonTypeInfo<T> type, CancellationToken ct)
    {
        using var response = await _transport.SendAsync(request, ct).ConfigureAwait(false);
        return await ReadAsync(response, request.Verb, request.Path, type, ct).ConfigureAwait(false);
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, string verb, string path, JsonTypeInfo<T> type, CancellationToken ct)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        try
        {
            return await JsonSerializer.DeserializeAsync(stream, type, ct).ConfigureAwait(false)
                ?? throw new InvalidDataException($"{verb} {path}: the answer is null");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{verb} {path}: the answer is not a {typeof(T).Name}: {e.Message}", e);
        }
    }
}
