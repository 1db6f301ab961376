using System.Runtime.InteropServices;

namespace KernelTruth.Cluster.Controllers;

/// <summary>
/// The <see cref="ContentDigest"/> of each cached object's status, as a writer compares it with what it would write,
/// serialised again only when the object's resourceVersion moved. The API server gives an object a new resourceVersion
/// on every change (its status included), so an unchanged resourceVersion is an unchanged status. Example at 20 000
/// VPAs: a loop where nobody wrote serialises none of the cached statuses; one after 3 were written serialises 3.
/// </summary>
/// <remarks>
/// An object without a resourceVersion (never so from a server; a hand-made one) is serialised every time: there is
/// nothing to tell its versions apart by. An object deleted and made again under the same name has a new
/// resourceVersion, so it is never answered from the old one's digest. Used from the writer's loop only (not from the
/// informers' events, which run on another thread): objects not asked for in a loop are dropped at its end
/// (<see cref="EndLoop"/>), so a deleted object is not remembered for ever.
/// </remarks>
internal sealed class CachedStatusDigests
{
    private readonly Dictionary<string, (string ResourceVersion, ContentDigest Digest, long Loop)> _seen = new(StringComparer.Ordinal);
    private long _loop;
    private int _kept; // objects asked for in this loop whose digest is kept

    /// <summary>Statuses serialised since this was made: the seam tests count the work with.</summary>
    public long Serialised { get; private set; }

    /// <returns>The digest of <paramref name="content"/>(<paramref name="status"/>); null when there is no status.</returns>
    public ContentDigest? Of<TStatus>(string id, string? resourceVersion, TStatus? status, Func<TStatus, string> content)
        where TStatus : class
    {
        if (status is null)
        {
            _seen.Remove(id);
            return null;
        }

        ref var seen = ref CollectionsMarshal.GetValueRefOrNullRef(_seen, id);
        if (resourceVersion is not null && !System.Runtime.CompilerServices.Unsafe.IsNullRef(ref seen) && seen.ResourceVersion == resourceVersion)
        {
            seen.Loop = _loop;
            _kept++;
            return seen.Digest;
        }

        var digest = ContentDigest.Of(content(status));
        Serialised++;
        if (resourceVersion is null)
        {
            _seen.Remove(id);
        }
        else
        {
            _seen[id] = (resourceVersion, digest, _loop);
            _kept++;
        }

        return digest;
    }

    /// <summary>Forgets the objects not asked for since the last call (deleted, or no longer ours): O(objects) only when there are such.</summary>
    public void EndLoop()
    {
        if (_seen.Count > _kept)
        {
            foreach (var (id, seen) in _seen)
            {
                if (seen.Loop != _loop)
                {
                    _seen.Remove(id); // removing while enumerating is allowed for Dictionary since .NET Core 3.0
                }
            }
        }

        _loop++;
        _kept = 0;
    }
}
