using System.Collections.Concurrent;

namespace KernelTruth.Kubernetes.Reviews;

/// <summary>
/// Answers kept for a short time (review results: the HPA asks the same thing every 15 s, a recommender reads a
/// sensor every 10 s). Each entry has its own lifetime. Bounded: when full, expired entries are dropped and, if
/// still full, everything is.
/// </summary>
internal sealed class ExpiringCache<T>(int capacity, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, (T Value, DateTimeOffset Expires)> _entries = new(StringComparer.Ordinal);

    public bool TryGet(string key, out T value)
    {
        if (_entries.TryGetValue(key, out var e) && e.Expires > time.GetUtcNow())
        {
            value = e.Value;
            return true;
        }

        value = default!;
        return false;
    }

    public void Set(string key, T value, TimeSpan ttl)
    {
        var now = time.GetUtcNow();
        if (_entries.Count >= capacity)
        {
            foreach (var (k, e) in _entries)
            {
                if (e.Expires <= now)
                {
                    _entries.TryRemove(k, out _);
                }
            }

            if (_entries.Count >= capacity)
            {
                _entries.Clear();
            }
        }

        _entries[key] = (value, now + ttl);
    }
}
