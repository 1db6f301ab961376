using System.Collections.Concurrent;
using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Retry;

namespace KernelTruth.Kubernetes.Informers;

/// <summary>
/// A local copy of one resource kept current, on KubernetesClient's list and watch (which has no cache of its
/// own): list, then watch from the list's resourceVersion; bookmarks advance the version; a dropped watch resumes
/// from the last version seen, so no event is lost or repeated; 410 Gone re-lists and turns the difference into
/// add/update/delete callbacks. Reconnects back off (Polly: exponential with jitter, capped). Callbacks run one at
/// a time on the informer's loop; subscribe before <see cref="RunAsync"/>. A throwing handler is logged and does
/// not stop the informer.
/// </summary>
public sealed partial class Informer<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    /// <summary>A watch shorter than this without a single event counts as failed (see RunAsync).</summary>
    private static readonly TimeSpan MinimumQuietWatch = TimeSpan.FromSeconds(1);

    private readonly ListWatch<T> _source;
    private readonly InformerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline _reconnect;
    private readonly ConcurrentDictionary<string, T> _cache = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string? _resourceVersion;
    private bool _needList = true;
    private bool _absent;

    public Informer(ListWatch<T> source, InformerOptions? options = null, TimeProvider? time = null, ILogger? logger = null)
    {
        _source = source;
        _options = options ?? new InformerOptions();
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _reconnect = new ResiliencePipelineBuilder { TimeProvider = _time }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = _options.InitialBackoff,
                MaxDelay = _options.MaxBackoff,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is not null && !args.Context.CancellationToken.IsCancellationRequested),
                OnRetry = args =>
                {
                    Log.WatchFailed(_logger, args.Outcome.Exception, _source.Description, LastResourceVersion, (long)args.RetryDelay.TotalMilliseconds);
                    return default;
                },
            })
            .Build();
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

    public int Count => _cache.Count;

    /// <summary>True while an <see cref="InformerOptions.Optional"/> resource is not served (its last list was a 404).</summary>
    public bool IsAbsent => Volatile.Read(ref _absent);

    public Task WaitForSyncAsync(CancellationToken ct = default) => _synced.Task.WaitAsync(ct);

    /// <summary>The cached object, keyed as "namespace/name" (just "name" when cluster-scoped).</summary>
    public T? Get(string? @namespace, string name) => _cache.GetValueOrDefault(Key(@namespace, name));

    /// <summary>A snapshot of the cache, sorted by key so that callers iterate reproducibly.</summary>
    public IReadOnlyList<T> List() => [.. _cache.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => e.Value)];

    /// <summary>Runs until <paramref name="ct"/> is cancelled; failures are logged and retried, never thrown.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                // One session (list if needed, then one watch) per call: a watch that ends as the server intended
                // returns, so the backoff starts afresh; a failure is retried inside with growing delays.
                await _reconnect.ExecuteAsync(SessionAsync, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async ValueTask SessionAsync(CancellationToken ct)
    {
        if (_needList)
        {
            if (!await ListAndReplaceAsync(ct).ConfigureAwait(false))
            {
                // Not served: nothing to watch. Look again later; the loop calls this session again.
                await Task.Delay(_options.AbsentRecheck, _time, ct).ConfigureAwait(false);
                return;
            }

            _needList = false;
        }

        long started = _time.GetTimestamp();
        var (gone, events) = await WatchOnceAsync(ct).ConfigureAwait(false);
        if (gone)
        {
            Log.Gone(_logger, _source.Description, LastResourceVersion);
            _needList = true;
        }
        else if (events == 0 && _time.GetElapsedTime(started) < MinimumQuietWatch)
        {
            // A watch that ends at once with nothing in it is a server (or proxy) problem: reconnecting straight
            // away would spin, so it counts as a failure and backs off.
            throw new IOException($"the watch of {_source.Description} ended at once without events");
        }
    }

    /// <summary>Lists into the cache; false when an optional resource is not served (then the cache is empty and synced).</summary>
    private async Task<bool> ListAndReplaceAsync(CancellationToken ct)
    {
        var fresh = new Dictionary<string, T>(StringComparer.Ordinal);
        string? resourceVersion = null, next = null;
        try
        {
            do
            {
                var page = await _source.List(next, _options.ListPageSize, ct).ConfigureAwait(false);
                foreach (var item in page.Items)
                {
                    fresh[Key(item)] = item;
                }

                resourceVersion = page.ResourceVersion;
                next = string.IsNullOrEmpty(page.Continue) ? null : page.Continue;
            }
            while (next is not null);
        }
        catch (HttpOperationException e) when (_options.Optional && e.Response?.StatusCode == HttpStatusCode.NotFound)
        {
            fresh.Clear();
            resourceVersion = null;
            Replace(fresh);
            if (!_absent)
            {
                Log.NotServed(_logger, _source.Description, (long)_options.AbsentRecheck.TotalSeconds);
            }

            Volatile.Write(ref _absent, true);
            _synced.TrySetResult();
            return false;
        }

        if (_absent)
        {
            Log.NowServed(_logger, _source.Description);
            Volatile.Write(ref _absent, false);
        }

        Replace(fresh);
        Volatile.Write(ref _resourceVersion, resourceVersion);
        Log.Listed(_logger, _source.Description, fresh.Count, resourceVersion);
        _synced.TrySetResult();
        return true;
    }

    /// <summary>Makes the cache <paramref name="fresh"/>: what changed while we were not watching becomes callbacks, as if we had seen it live.</summary>
    private void Replace(Dictionary<string, T> fresh)
    {

        foreach (var (key, old) in _cache)
        {
            if (!fresh.ContainsKey(key) && _cache.TryRemove(key, out _))
            {
                Raise(key, () => Deleted?.Invoke(old));
            }
        }

        foreach (var (key, now) in fresh)
        {
            if (!_cache.TryGetValue(key, out var old))
            {
                _cache[key] = now;
                Raise(key, () => Added?.Invoke(now));
            }
            else if (old.Metadata?.ResourceVersion != now.Metadata?.ResourceVersion)
            {
                _cache[key] = now;
                Raise(key, () => Updated?.Invoke(old, now));
            }
        }
    }

    /// <summary>One watch: whether the version was gone (410: re-list), and how many events it carried.</summary>
    private async Task<(bool Gone, int Events)> WatchOnceAsync(CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        bool gone = false;
        KubernetesException? failure = null;
        void OnError(Exception e)
        {
            if (e is KubernetesException { Status: { } status } error)
            {
                // The server ends the stream after an ERROR event; stop reading so as not to depend on it.
                gone = status.Code == (int)HttpStatusCode.Gone || status.Reason is "Expired" or "Gone"
                    || (_options.Optional && status.Code == (int)HttpStatusCode.NotFound);
                failure = gone ? null : error;
                stop.Cancel();
            }
            else
            {
                Log.Undecodable(_logger, e, _source.Description);
            }
        }

        // 1×–2× the configured timeout, so that many informers do not reconnect in step.
        int timeout = _options.WatchTimeoutSeconds + Random.Shared.Next(_options.WatchTimeoutSeconds + 1);
        int count = 0;
        try
        {
            await foreach (var (type, obj) in _source.Watch(new WatchRequest(LastResourceVersion, timeout, OnError), stop.Token).ConfigureAwait(false))
            {
                count++;
                Apply(type, obj);
                if (obj.Metadata?.ResourceVersion is { Length: > 0 } version)
                {
                    Volatile.Write(ref _resourceVersion, version);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            // Stopped by an ERROR event: handled below.
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.Gone
            || (_options.Optional && e.Response?.StatusCode == HttpStatusCode.NotFound))
        {
            // 410: re-list. 404 of an optional resource: its CRD was deleted; the re-list finds it absent.
            gone = true;
        }

        return failure is not null ? throw failure : (gone, count);
    }

    private void Apply(WatchEventType type, T obj)
    {
        string key = Key(obj);
        switch (type)
        {
            case WatchEventType.Added or WatchEventType.Modified:
                if (_cache.TryGetValue(key, out var old))
                {
                    _cache[key] = obj;
                    Raise(key, () => Updated?.Invoke(old, obj));
                }
                else
                {
                    _cache[key] = obj;
                    Raise(key, () => Added?.Invoke(obj));
                }

                break;
            case WatchEventType.Deleted:
                if (_cache.TryRemove(key, out var gone))
                {
                    Raise(key, () => Deleted?.Invoke(gone));
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
            Log.HandlerFailed(_logger, e, _source.Description, key);
        }
    }

    private static string Key(T obj) => Key(obj.Metadata?.NamespaceProperty, obj.Metadata?.Name ?? "");

    private static string Key(string? @namespace, string name) => string.IsNullOrEmpty(@namespace) ? name : $"{@namespace}/{name}";
}
