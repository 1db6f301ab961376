using System.Collections.Concurrent;

namespace KernelTruth.MetricsAdapter.Api;

/// <summary>
/// Rendered metric answers of the current publication, by path and query: the HPA asks the same
/// few questions every 15 s per HPA, and a 1 000-pod list costs far more to render than to copy.
/// Emptied whenever the store publishes (a new generation); holds at most
/// <see cref="MaxEntries"/> answers to keys of at most <see cref="MaxKeyLength"/> characters, so
/// a client sending endless distinct queries costs rendering time, never memory.
/// Requests that miss the same key together wait for one render (a <see cref="Lazy{T}"/> per
/// key): at a publication every connection misses at once, and rendering the 9 000-item list once
/// per connection multiplied the work of each publication by the number of connections.
/// </summary>
internal sealed class ResponseCache
{
    public const int MaxEntries = 2048;
    public const int MaxKeyLength = 2048;

    private Generation _current = new(-1);

    public ApiResponse GetOrAdd(long generation, string key, Func<ApiResponse> render)
    {
        var g = Volatile.Read(ref _current);
        if (g.Number != generation)
        {
            var fresh = new Generation(generation);
            g = Interlocked.CompareExchange(ref _current, fresh, g) == g ? fresh : Volatile.Read(ref _current);
            if (g.Number != generation)
            {
                return render(); // a publication raced us: answer without caching
            }
        }

        if (key.Length > MaxKeyLength)
        {
            return render();
        }

        if (!g.Answers.TryGetValue(key, out var answer))
        {
            if (g.Answers.Count >= MaxEntries)
            {
                return render();
            }

            // GetOrAdd may build two Lazy values in a race, but only the one stored is ever run.
            answer = g.Answers.GetOrAdd(key, static (_, r) => new Lazy<ApiResponse>(r, LazyThreadSafetyMode.ExecutionAndPublication), render);
        }

        try
        {
            return answer.Value;
        }
        catch
        {
            g.Answers.TryRemove(new KeyValuePair<string, Lazy<ApiResponse>>(key, answer)); // a failed render is not an answer to keep
            throw;
        }
    }

    private sealed class Generation(long number)
    {
        public long Number { get; } = number;

        public ConcurrentDictionary<string, Lazy<ApiResponse>> Answers { get; } = new(StringComparer.Ordinal);
    }
}
