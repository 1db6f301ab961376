namespace KernelTruth.Cluster.Controllers;

/// <summary>
/// Remembers what was last written per object, so an object is written only when its content changed:
/// compared with both the cache (what the server has) and our own last write (the cache may not have seen
/// it yet). A failed write, or an object deleted behind our back, is forgotten, so the next cycle writes again.
/// Our last write is kept as a <see cref="ContentDigest"/>, not as text: 16 bytes per object instead of the status.
/// <para>
/// A writer that knows the cached object's resourceVersion also tells "the cache has not seen our write yet" from
/// "someone changed the status after it": our write is remembered with the resourceVersion the cache showed when we
/// wrote. While the cache still shows that version, our last write stands for the server's content; once it shows
/// another one that differs from what we would write, another writer changed the status, and ours is written again.
/// Example: we write at version 41 (the server makes it 42); a person patches it to 43 with another target ⇒ the next
/// loop sees 43 ≠ 41 and a status that is not ours ⇒ written back.
/// </para>
/// </summary>
internal sealed class WriteGate
{
    // The version written over is kept as its digest, not its string: once the cache holds the next version the gate
    // is the string's only holder (~40 B for an 8-digit revision), and equality is all it is asked. default = unknown.
    private readonly Dictionary<string, (ContentDigest Content, ContentDigest OverVersion)> _written = new(StringComparer.Ordinal);

    public bool ShouldWrite(string id, string desired, string? cached) =>
        ShouldWrite(id, ContentDigest.Of(desired), cached is null ? null : ContentDigest.Of(cached));

    /// <summary>
    /// As the texts' overload, given their digests: a writer that keeps the cache's digest (<see cref="CachedStatusDigests{TStatus}"/>)
    /// serialises only its own status. With <paramref name="cachedVersion"/> (the cached object's resourceVersion), a
    /// status someone else changed after our last write is written again even when ours did not change.
    /// </summary>
    public bool ShouldWrite(string id, ContentDigest desired, ContentDigest? cached, string? cachedVersion = null) =>
        desired != cached
        && (!_written.TryGetValue(id, out var last) || last.Content != desired || (cachedVersion is not null && last.OverVersion != default && ContentDigest.Of(cachedVersion) != last.OverVersion));

    public void Written(string id, string content) => Written(id, ContentDigest.Of(content));

    /// <param name="overVersion">The cached object's resourceVersion when this was written; null when unknown.</param>
    public void Written(string id, ContentDigest content, string? overVersion = null) => _written[id] = (content, overVersion is null ? default : ContentDigest.Of(overVersion));

    /// <summary>A failed write, or the object was deleted: the next loop decides from the cache again.</summary>
    public void Forget(string id) => _written.Remove(id);
}
