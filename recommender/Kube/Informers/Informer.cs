using System.Collections.Concurrent;
using System.Text.Json.Serialization.Metadata;
using KernelTruth.Kube.Client;
using KernelTruth.Kube.Model;
using KernelTruth.Kube.Resources;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KernelTruth.Kube.Informers;

/// <summary>
/// A local copy of one resource kept current: list, then watch from the list's resourceVersion;
/// bookmarks advance the version; a dropped watch reconnects from the last version seen (so no
/// event is lost or repeated); 410 Gone re-lists and turns the difference into add/update/delete
/// callbacks. Callbacks run one at a time on the informer's loop; subscribe before
/// <see cref="RunAsync"/>. A throwing handler is logged and does not stop the informer.
/// </summary>
public sealed class Informer<T>
    where T : class
{
    private readonly KubeClient _client;
    private readonly KubeResource _resource;
    private readonly string? _namespace;
    private readonly JsonTypeInfo<T> _type;
    private readonly InformerOptions _options;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, Cached> _cache = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string? _resourceVersion;

    /// <summary>A watch shorter than this without a single event counts as failed (see RunAsync).</summary>
    private static readonly TimeSpan MinimumQuietWatch = TimeSpan.FromSeconds(1);

    public Informer(
        KubeClient client,
        KubeResource resource,
        string? @namespace,
        JsonTypeInfo<T> type,
        InformerOptions? options = null,
        ILogger? logger = null)
    {
        _client = client;
        _resource = resource;
        _namespace = @namespace;
        _type = type;
        _options = options ?? new InformerOptions();
        _logger = logger ?? NullLogger.Instance;
    }

    public event Action<T>? Added;

    /// <summary>(old, new).</summary>
    public event Action<T, T>? Updated;

    /// <summary>The last state known of the deleted object.</summary>
    public event Action<T>? Deleted;

    /// <summary>True once the first full list is in the cache.</summary>
    public bool HasSynced => _synced.Task.IsCompleted;

    /// <summary>The version the next watch starts from.</summary>
    public string? LastResourceVersion => Volatile.Read(ref _resourceVersion);

    public Task WaitForSyncAsync(CancellationToken ct = default) => _synced.Task.WaitAsync(ct);

    /// <summary>The cached object, keyed as "namespace/name" (just "name" when cluster-scoped).</summary>
    public T? Get(string? @namespace, string name) =>
        _cache.TryGetValue(@namespace is null ? name : $"{@namespace}/{name}", out var cached) ? cached.Object : null;

    /// <summary>A snapshot of the cache, sorted by key so that callers iterate reproducibly.</summary>
    public IReadOnlyList<T> List() =>
        _cache.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => e.Value.Object).ToList();

    public int Count => _cache.Count;

    /// <summary>Runs until <paramref name="ct"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        var needList = true;
        var failures = 0;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                if (needList)
                {
                    await ListAndReplaceAsync(ct).ConfigureAwait(false);
                    needList = false;
                }

                var started = _client.Time.GetTimestamp();
                var (relist, events) = await WatchAsync(ct).ConfigureAwait(false);
                needList = relist;
                if (!relist && events == 0 && _client.Time.GetElapsedTime(started) < MinimumQuietWatch)
                {
                    // A watch that ends at once with nothing in it is a server (or proxy) problem:
                    // reconnecting straight away would spin, so it counts as a failure.
                    throw new IOException($"the watch of {_resource.GroupResource} ended at once without events");
                }

                failures = 0; // the watch ran and ended as the server intended
            }
            catch (KubeApiException e) when (e.IsGone && !ct.IsCancellationRequested)
            {
                InformerLog.Gone(_logger, _resource.GroupResource, LastResourceVersion);
                needList = true;
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                var delay = Backoff.Delay(failures++, _options.InitialBackoff, _options.MaxBackoff);
                InformerLog.WatchFailed(_logger, e, _resource.GroupResource, LastResourceVersion, (long)delay.TotalMilliseconds);
                try
                {
                    await Task.Delay(delay, _client.Time, ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task ListAndReplaceAsync(CancellationToken ct)
    {
        var fresh = new Dictionary<string, Cached>(StringComparer.Ordinal);
        string? resourceVersion = null;
        string? next = null;
        do
        {
            var page = await _client.ListItemsAsync(_resource, _namespace, _type, new ListOptions
            {
                LabelSelector = _options.LabelSelector,
                FieldSelector = _options.FieldSelector,
                Limit = _options.ListPageSize,
                Continue = next,
            }, ct).ConfigureAwait(false);
            foreach (var item in page.Items)
            {
                fresh[item.Ref.Key] = new Cached(item.Object, item.Ref.ResourceVersion);
            }

            resourceVersion = page.ResourceVersion;
            next = page.Continue;
        }
        while (next is not null);

        // What changed while we were not watching becomes callbacks, as if we had seen it live.
        foreach (var (key, old) in _cache)
        {
            if (!fresh.ContainsKey(key) && _cache.TryRemove(key, out _))
            {
                Raise(key, () => Deleted?.Invoke(old.Object));
            }
        }

        foreach (var (key, now) in fresh)
        {
            if (!_cache.TryGetValue(key, out var old))
            {
                _cache[key] = now;
                Raise(key, () => Added?.Invoke(now.Object));
            }
            else if (old.ResourceVersion != now.ResourceVersion)
            {
                _cache[key] = now;
                Raise(key, () => Updated?.Invoke(old.Object, now.Object));
            }
        }

        Volatile.Write(ref _resourceVersion, resourceVersion);
        InformerLog.Listed(_logger, _resource.GroupResource, fresh.Count, resourceVersion);
        _synced.TrySetResult();
    }

    /// <summary>One watch; Relist when the caller must re-list (410), and how many events it carried.</summary>
    private async Task<(bool Relist, int Events)> WatchAsync(CancellationToken ct)
    {
        var count = 0;
        // 1×–2× the configured timeout, so that many informers do not reconnect in step.
        var timeout = _options.WatchTimeoutSeconds + Random.Shared.Next(_options.WatchTimeoutSeconds + 1);
        var options = new WatchOptions
        {
            LabelSelector = _options.LabelSelector,
            FieldSelector = _options.FieldSelector,
            ResourceVersion = LastResourceVersion,
            AllowWatchBookmarks = true,
            TimeoutSeconds = timeout,
        };

        await foreach (var e in _client.WatchAsync(_resource, _namespace, _type, options, ct).ConfigureAwait(false))
        {
            if (e.Type == WatchEventType.Error)
            {
                if (e.Error is { Code: 410 } or { Reason: "Expired" or "Gone" })
                {
                    InformerLog.Gone(_logger, _resource.GroupResource, LastResourceVersion);
                    return (true, count);
                }

                throw new KubeApiException("watch", _resource.PathFor(_namespace), e.Error!);
            }

            count++;
            Apply(e);
            if (e.ResourceVersion is not null)
            {
                Volatile.Write(ref _resourceVersion, e.ResourceVersion);
            }
        }

        return (false, count);
    }

    private void Apply(WatchEvent<T> e)
    {
        var key = new KubeObjectRef(e.Namespace, e.Name, e.ResourceVersion).Key;
        switch (e.Type)
        {
            case WatchEventType.Added or WatchEventType.Modified:
                var now = new Cached(e.Object!, e.ResourceVersion);
                if (_cache.TryGetValue(key, out var old))
                {
                    _cache[key] = now;
                    Raise(key, () => Updated?.Invoke(old.Object, now.Object));
                }
                else
                {
                    _cache[key] = now;
                    Raise(key, () => Added?.Invoke(now.Object));
                }

                break;
            case WatchEventType.Deleted:
                if (_cache.TryRemove(key, out var gone))
                {
                    Raise(key, () => Deleted?.Invoke(gone.Object));
                }

                break;
        }
    }

    private void Raise(string key, Action handler)
    {
        try
        {
            handler();
        }
        catch (Exception e)
        {
            InformerLog.HandlerFailed(_logger, e, _resource.GroupResource, key);
        }
    }

    private sealed record Cached(T Object, string? ResourceVersion);
}
