using System.Runtime.CompilerServices;

namespace KernelTruth.Cluster.Controllers;

/// <summary>
/// The <see cref="ContentDigest"/> of each cached object's status, as a writer compares it with what it would write,
/// serialised once per status OBJECT: the digest is kept beside the status instance itself, so it is serialised again
/// only when the cache holds a new one. Example at 20 000 VPAs: a loop where nobody wrote serialises none of the cached
/// statuses; one after 3 were written serialises 3.
/// </summary>
/// <remarks>
/// <para>
/// Why the instance stands for the content: the informer's cache replaces an object with the one each watch event
/// carries (deserialised anew, with a new status instance, on every change the API server makes), and a re-list keeps
/// the object it has when the resourceVersion is unchanged. So a cached status instance never changes while the cache
/// holds it; nothing here or in the writers changes a status in place (the statuses are records, their lists are only
/// read), and a new instance is answered by serialising it. An object deleted and made again is a new instance too.
/// </para>
/// <para>
/// Kept in a <see cref="ConditionalWeakTable{TKey, TValue}"/>, which compares keys by reference (not by the records'
/// value equality) and does not keep them alive: an entry goes with the status the cache dropped, so nothing is
/// forgotten by hand and no id or resourceVersion is held. What an entry costs: the 32-byte box of the digest and the
/// table's slot, 64 B of managed heap in all (GateMemoryTests), and a dependent handle in the runtime's handle table,
/// ~25 B of native memory; the entry by id and resourceVersion it replaced held 186 B.
/// </para>
/// </remarks>
/// <param name="content">What is digested: the same function for every status, so a kept digest is the one it would make now.</param>
internal sealed class CachedStatusDigests<TStatus>(Func<TStatus, string> content)
    where TStatus : class
{
    private readonly ConditionalWeakTable<TStatus, Digest> _seen = new();

    /// <summary>Statuses serialised since this was made: the seam tests count the work with.</summary>
    public long Serialised { get; private set; }

    /// <returns>The digest of the content of <paramref name="status"/>; null when there is no status.</returns>
    public ContentDigest? Of(TStatus? status)
    {
        if (status is null)
        {
            return null;
        }

        if (_seen.TryGetValue(status, out var seen))
        {
            return seen.Value;
        }

        var digest = ContentDigest.Of(content(status));
        Serialised++;
        _seen.AddOrUpdate(status, new Digest(digest));
        return digest;
    }

    /// <summary>The statuses whose digest is kept, still alive: O(entries), for tests.</summary>
    internal int Count => _seen.Count();

    /// <summary>A class, as the table's values must be: the digest boxed once per status instance.</summary>
    private sealed class Digest(ContentDigest value)
    {
        public ContentDigest Value { get; } = value;
    }
}
