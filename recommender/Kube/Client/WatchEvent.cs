using KernelTruth.Kube.Model;

namespace KernelTruth.Kube.Client;

public enum WatchEventType
{
    Added,
    Modified,
    Deleted,

    /// <summary>No object change: only <see cref="WatchEvent{T}.ResourceVersion"/> moved on.</summary>
    Bookmark,

    /// <summary><see cref="WatchEvent{T}.Error"/> holds the Status (410 means re-list).</summary>
    Error,
}

/// <summary>
/// One watch event. <see cref="Object"/> is null for ERROR (see <see cref="Error"/>); for
/// BOOKMARK it carries only metadata. Name, namespace and version are read from the raw
/// object so they are there whatever <typeparamref name="T"/> is.
/// </summary>
public sealed record WatchEvent<T>(
    WatchEventType Type,
    T? Object,
    KubeStatus? Error,
    string? Namespace,
    string? Name,
    string? ResourceVersion);
