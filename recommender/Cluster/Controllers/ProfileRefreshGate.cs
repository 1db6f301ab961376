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
/// <see cref="ContentDigest"/>, as the gate keeps the content: nothing per profile is held as text.
/// </remarks>
internal sealed class ProfileRefreshGate(TimeSpan refresh)
{
    private readonly WriteGate _gate = new();
    private readonly Dictionary<string, (ContentDigest Key, DateTimeOffset At)> _last = new(StringComparer.Ordinal);

    public ProfileWrite Decide(string id, WorkloadProfileStatus desired, WorkloadProfileStatus? cached, DateTimeOffset now)
    {
        // lastUpdated alone is no change: it would make every loop a write.
        string? cachedContent = cached is null ? null : Content(cached);
        if (!_gate.ShouldWrite(id, Content(desired), cachedContent))
        {
            return ProfileWrite.Unchanged;
        }

        if (!_last.TryGetValue(id, out var last))
        {
            if (cached is null)
            {
                return ProfileWrite.First;
            }

            last = (ActionableKey(cached), WrittenAt(cached));
        }

        if (ActionableKey(desired) != last.Key)
        {
            return ProfileWrite.Actionable;
        }

        return now - last.At >= refresh ? ProfileWrite.Refresh : ProfileWrite.Deferred;
    }

    public void Written(string id, WorkloadProfileStatus status, DateTimeOffset now)
    {
        _gate.Written(id, Content(status));
        _last[id] = (ActionableKey(status), now);
    }

    /// <summary>The write failed: the next loop decides from the cache again, so it writes again.</summary>
    public void Forget(string id)
    {
        _gate.Forget(id);
        _last.Remove(id);
    }

    /// <inheritdoc cref="WriteGate.Created"/>
    public bool Created(string id) => _gate.Created(id);

    public void MarkCreated(string id) => _gate.MarkCreated(id);

    /// <inheritdoc cref="WriteGate.Deleted"/>
    public void Deleted(string id)
    {
        _gate.Deleted(id);
        _last.Remove(id);
    }

    private static ContentDigest ActionableKey(WorkloadProfileStatus status) => ContentDigest.Of(ActionableStatus.Key(status));

    private static string Content(WorkloadProfileStatus status) => StatusWriter.Json(status with { LastUpdated = null });

    /// <summary>The cached object's lastUpdated; unknown or unreadable counts as long ago, so the refresh is due.</summary>
    private static DateTimeOffset WrittenAt(WorkloadProfileStatus cached) =>
        DateTimeOffset.TryParse(cached.LastUpdated, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at) ? at : DateTimeOffset.MinValue;
}
