using System.Collections.Concurrent;
using KernelTruth.MetricsAdapter.Store;

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
/// At each publication (<see cref="Prepare"/>, before the view is served) the keys asked for
/// lately are rendered again for the new one, hottest first, at most <see cref="MaxPrepared"/>
/// answers and <see cref="MaxPreparedBytes"/> bytes (JSON plus gzip), so the steady questions are
/// answered by copying and no request pays for a render. A key's heat is twice its requests under
/// the last view plus half the heat it was prepared with (rounded down), and a key is prepared
/// while its heat is above 0. Worked example: asked once and never again, heat 2 ⇒ prepared for
/// the next publication (carrying 1) ⇒ heat 1 ⇒ prepared once more (carrying 0) ⇒ heat 0, left to
/// the next request. So an HPA asking every 15 s keeps its key prepared while publications come
/// at most twice as often.
/// </summary>
internal sealed class ResponseCache : IPublicationPreparer
{
    public const int MaxEntries = 2048;
    public const int MaxKeyLength = 2048;

    /// <summary>Answers rendered at a publication: the hot few (one per HPA target and metric), not every key ever seen.</summary>
    public const int MaxPrepared = 32;

    /// <summary>
    /// Bytes of prepared answers per publication, JSON and gzip: a 9 000-pod list is about 2 MB of
    /// JSON and 50–200 KB gzipped, so 16 MiB holds seven such lists and any number of small ones.
    /// </summary>
    public const long MaxPreparedBytes = 16L << 20;

    private Generation _current = new(-1);

    /// <summary>What the last <see cref="Prepare"/> rendered: answers, bytes (JSON + gzip) and time taken.</summary>
    public (int Answers, long Bytes, TimeSpan Elapsed) LastPrepared { get; private set; }

    /// <summary>
    /// The cached answer to <paramref name="key"/> under <paramref name="view"/>, or
    /// <paramref name="render"/>'s for it. <paramref name="render"/> is kept to render the key again
    /// for the next publication, so it must depend on nothing but the view it is given.
    /// </summary>
    public ApiResponse GetOrAdd(MetricsView view, string key, Func<MetricsView, ApiResponse> render) => GetOrAdd(view, key, () => render);

    /// <summary>
    /// As <see cref="GetOrAdd(MetricsView, string, Func{MetricsView, ApiResponse})"/>, the renderer made
    /// only on a miss: a hit (nearly every request) then never parses the query string.
    /// </summary>
    public ApiResponse GetOrAdd(MetricsView view, string key, Func<Func<MetricsView, ApiResponse>> makeRender)
    {
        var g = Volatile.Read(ref _current);
        if (g.Number != view.Generation)
        {
            g = Advance(view.Generation);
            if (g.Number != view.Generation)
            {
                return makeRender()(view); // an older view (a publication raced us): answer without caching
            }
        }

        if (key.Length > MaxKeyLength)
        {
            return makeRender()(view);
        }

        if (!g.Answers.TryGetValue(key, out var entry))
        {
            var render = makeRender();
            if (g.Answers.Count >= MaxEntries)
            {
                return render(view);
            }

            // GetOrAdd may build two entries in a race, but only the one stored is ever run.
            entry = g.Answers.GetOrAdd(key, static (_, a) => new Entry(new Lazy<ApiResponse>(() => a.render(a.view), LazyThreadSafetyMode.ExecutionAndPublication), a.render), (render, view));
        }

        Interlocked.Increment(ref entry.Hits);
        try
        {
            return entry.Answer.Value;
        }
        catch
        {
            g.Answers.TryRemove(new KeyValuePair<string, Entry>(key, entry)); // a failed render is not an answer to keep
            throw;
        }
    }

    /// <summary>
    /// Renders the previous view's asked-for keys for <paramref name="next"/> and makes them its
    /// cache, before the store serves it. Called by the store on the publishing thread.
    /// </summary>
    public void Prepare(MetricsView next)
    {
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        var previous = Volatile.Read(ref _current);
        if (next.Generation <= previous.Number)
        {
            return;
        }

        var fresh = new Generation(next.Generation);
        long bytes = 0;
        var hot = previous.Answers
            .Select(a => (a.Key, Entry: a.Value, Heat: (2 * Volatile.Read(ref a.Value.Hits)) + a.Value.CarriedHeat))
            .Where(a => a.Heat > 0 && a.Entry.Answer.IsValueCreated)
            .OrderByDescending(a => a.Heat)
            .ThenBy(a => a.Key, StringComparer.Ordinal)
            .Take(MaxPrepared);
        foreach (var (key, entry, heat) in hot)
        {

            var last = entry.Answer.Value;
            bool gzip = last.HasGzip;
            if (bytes + last.Body.Length + (gzip ? last.Gzip.Length : 0) > MaxPreparedBytes)
            {
                continue; // a smaller, less asked answer may still fit
            }

            ApiResponse answer;
            try
            {
                answer = entry.Render(next);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                continue; // left to the first request, which renders it again and sees the failure
            }

            bytes += answer.Body.Length + (gzip ? answer.Gzip.Length : 0);
            fresh.Answers[key] = new Entry(new Lazy<ApiResponse>(answer), entry.Render) { CarriedHeat = heat / 2 };
        }

        while (true)
        {
            var seen = Volatile.Read(ref _current);
            if (seen.Number >= next.Generation || Interlocked.CompareExchange(ref _current, fresh, seen) == seen)
            {
                break;
            }
        }

        LastPrepared = (fresh.Answers.Count, bytes, System.Diagnostics.Stopwatch.GetElapsedTime(start));
    }

    /// <summary>The generation for <paramref name="number"/> if it is newer than the current one; never goes back.</summary>
    private Generation Advance(long number)
    {
        while (true)
        {
            var seen = Volatile.Read(ref _current);
            if (seen.Number >= number)
            {
                return seen;
            }

            var fresh = new Generation(number);
            if (Interlocked.CompareExchange(ref _current, fresh, seen) == seen)
            {
                return fresh;
            }
        }
    }

    private sealed class Entry(Lazy<ApiResponse> answer, Func<MetricsView, ApiResponse> render)
    {
        /// <summary>Requests answered from this entry (the render's included): how hot the key is.</summary>
        public int Hits;

        /// <summary>Half the heat the key had when this entry was prepared (0 for an entry rendered on request).</summary>
        public int CarriedHeat { get; init; }

        public Lazy<ApiResponse> Answer { get; } = answer;

        public Func<MetricsView, ApiResponse> Render { get; } = render;
    }

    private sealed class Generation(long number)
    {
        public long Number { get; } = number;

        public ConcurrentDictionary<string, Entry> Answers { get; } = new(StringComparer.Ordinal);
    }
}
