using KernelTruth.Cluster.Profiles;
using KernelTruth.Kubernetes.Resources;

namespace KernelTruth.Cluster.Controllers;

/// <summary>
/// Decides when a WorkloadProfile's status is written. Its measured numbers, evidence counts and forecast value move
/// on almost every loop, so writing on every change would write every profile every loop (30 000 workload containers
/// at a 10 s loop ⇒ ~3 000 status writes per second, forever). So a profile is written at once when what a reader acts
/// on changed (<see cref="ActionableStatus"/>) or it was never written, and otherwise at most once per
/// <c>refresh</c>, then whole. Example at a 10 s loop and a 5 min refresh, usage moving every loop: written in the
/// first loop, held back for the next 29, written in the 31st (5 min after the first), and so on.
/// </summary>
/// <remarks>
/// Time is the loop's (<c>LoopOutput.At</c>). When it has no write of its own to go by (after a restart, a failover, a
/// failed write) it goes by the object the cache holds: its actionable key and its lastUpdated. A failed write is
/// forgotten, so the next loop writes again; a deleted profile is written (created) at once. A refresh of zero writes
/// every change, as <see cref="WriteGate"/> does for VPAs. The actionable key of our last write is kept as a
/// <see cref="ContentDigest"/>, as its content is: nothing per profile is held as text.
/// </remarks>
internal sealed class ProfileRefreshGate(TimeSpan refresh)
{
    // One entry per profile written (content, actionable key, when), no resourceVersion: unlike the VPA gate, this one
    // does not write back a status someone else changed for that alone. One dictionary, not the WriteGate's and a
    // second one: the two were always set and removed together, and each entry costs its key and slot.
    private readonly Dictionary<string, LastWrite> _written = new(StringComparer.Ordinal);
    private readonly HashSet<string> _created = new(StringComparer.Ordinal);

    public ProfileWrite Decide(string id, WorkloadProfileStatus desired, WorkloadProfileStatus? cached, DateTimeOffset now) =>
        Decide(id, ContentDigest.Of(Content(desired)), cached is null ? null : ContentDigest.Of(Content(cached)), desired, cached, now);

    /// <summary>
    /// As the statuses' overload, given the digests of their <see cref="Content"/>: the writer serialises its own status
    /// once (<see cref="StatusText"/> makes the patch from the same text) and keeps the digest of each cached status.
    /// </summary>
    public ProfileWrite Decide(string id, ContentDigest desiredContent, ContentDigest? cachedContent, WorkloadProfileStatus desired, WorkloadProfileStatus? cached, DateTimeOffset now)
    {
        // lastUpdated alone is no change: it would make every loop a write. Unchanged when the server has ours, or when
        // ours is what we last wrote (the cache may not have seen it yet), as WriteGate decides for VPAs.
        bool known = _written.TryGetValue(id, out var last);
        if (desiredContent == cachedContent || (known && last.Content == desiredContent))
        {
            return ProfileWrite.Unchanged;
        }

        if (!known)
        {
            if (cached is null)
            {
                return ProfileWrite.First;
            }

            last = new LastWrite(default, ActionableKey(cached), WrittenAt(cached));
        }

        if (ActionableKey(desired) != last.Key)
        {
            return ProfileWrite.Actionable;
        }

        return now - last.At >= refresh ? ProfileWrite.Refresh : ProfileWrite.Deferred;
    }

    public void Written(string id, WorkloadProfileStatus status, DateTimeOffset now) => Written(id, ContentDigest.Of(Content(status)), status, now);

    /// <param name="content">The digest of <paramref name="status"/>'s <see cref="Content"/>, as given to <see cref="Decide(string, ContentDigest, ContentDigest?, WorkloadProfileStatus, WorkloadProfileStatus?, DateTimeOffset)"/>.</param>
    public void Written(string id, ContentDigest content, WorkloadProfileStatus status, DateTimeOffset now) =>
        _written[id] = new LastWrite(content, ActionableKey(status), now);

    /// <summary>The write failed: the next loop decides from the cache again, so it writes again.</summary>
    public void Forget(string id) => _written.Remove(id);

    /// <summary>Whether we created the profile (the cache may not show it yet).</summary>
    public bool Created(string id) => _created.Contains(id);

    public void MarkCreated(string id) => _created.Add(id);

    /// <summary>The profile was deleted: the next write creates it again.</summary>
    public void Deleted(string id)
    {
        _written.Remove(id);
        _created.Remove(id);
    }

    private static ContentDigest ActionableKey(WorkloadProfileStatus status) => ContentDigest.Of(ActionableStatus.Key(status));

    /// <summary>What is compared: the status as written, lastUpdated left out.</summary>
    public static string Content(WorkloadProfileStatus status) => StatusWriter.Json(status with { LastUpdated = null });

    /// <summary>
    /// The status as <see cref="StatusWriter.Json"/> writes it, made from its <see cref="Content"/> instead of a second
    /// serialisation: lastUpdated is the status' first member and a null one is left out, so the whole status is
    /// <c>{"lastUpdated":"…",</c> then the content after its opening brace. Example: content
    /// <c>{"windowSeconds":300}</c> and lastUpdated 2026-12-07T23:00:00Z ⇒
    /// <c>{"lastUpdated":"2026-12-07T23:00:00Z","windowSeconds":300}</c>. ProfileRefreshGateTests holds it to the
    /// serialiser's own text, so a member moved ahead of lastUpdated fails there, not in a cluster.
    /// </summary>
    public static string StatusText(string content, string? lastUpdated)
    {
        if (lastUpdated is null)
        {
            return content;
        }

        string value = StatusWriter.Json(lastUpdated);
        return content == "{}"
            ? string.Concat("{\"lastUpdated\":", value, "}")
            : string.Concat("{\"lastUpdated\":".AsSpan(), value.AsSpan(), ",".AsSpan(), content.AsSpan(1));
    }

    /// <summary>The cached object's lastUpdated; unknown or unreadable counts as long ago, so the refresh is due.</summary>
    private static DateTimeOffset WrittenAt(WorkloadProfileStatus cached) =>
        DateTimeOffset.TryParse(cached.LastUpdated, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at) ? at : DateTimeOffset.MinValue;

    /// <summary>Our last write: its <see cref="Content"/> and actionable key as digests, and the loop time it was written at.</summary>
    private readonly record struct LastWrite(ContentDigest Content, ContentDigest Key, DateTimeOffset At);
}
