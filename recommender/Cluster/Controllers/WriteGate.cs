namespace KernelTruth.Cluster.Controllers;

/// <summary>
/// Remembers what was last written per object, so an object is written only when its content changed:
/// compared with both the cache (what the server has) and our own last write (the cache may not have seen
/// it yet). A failed write, or an object deleted behind our back, is forgotten, so the next cycle writes again.
/// Our last write is kept as a <see cref="ContentDigest"/>, not as text: 16 bytes per object instead of the status.
/// </summary>
internal sealed class WriteGate
{
    private readonly Dictionary<string, ContentDigest> _written = new(StringComparer.Ordinal);
    private readonly HashSet<string> _created = new(StringComparer.Ordinal);

    public bool ShouldWrite(string id, string desired, string? cached) =>
        ShouldWrite(id, ContentDigest.Of(desired), cached is null ? null : ContentDigest.Of(cached));

    /// <summary>As the texts' overload, given their digests: a writer that keeps the cache's digest (<see cref="CachedStatusDigests"/>) serialises only its own status.</summary>
    public bool ShouldWrite(string id, ContentDigest desired, ContentDigest? cached) =>
        desired != cached && (!_written.TryGetValue(id, out var last) || last != desired);

    public void Written(string id, string content) => Written(id, ContentDigest.Of(content));

    public void Written(string id, ContentDigest content) => _written[id] = content;

    public void Forget(string id) => _written.Remove(id);

    /// <summary>Whether we created the object (the cache may not show it yet).</summary>
    public bool Created(string id) => _created.Contains(id);

    public void MarkCreated(string id) => _created.Add(id);

    /// <summary>The object was deleted: the next write creates it again.</summary>
    public void Deleted(string id)
    {
        _written.Remove(id);
        _created.Remove(id);
    }
}
