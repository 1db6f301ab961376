namespace KernelTruth.NodeSensor.Cgroups;

/// <summary>
/// Maps cpu-controller cgroup ids (directory inode numbers) to paths relative to the cpu mount, by walking
/// the hierarchy. BPF maps report ids of cgroups created after the last walk, so a miss triggers a new walk,
/// but at most one per <c>minRewalkInterval</c>: a burst of ids that will never resolve (cgroups already
/// removed) then costs one walk, not one per id. Lookups are lock-free; walks are serialised.
/// Directories are listed by their raw bytes (<see cref="CgroupFileSystem"/>) and paths are the escaped text of
/// <see cref="CgroupNameEscaping"/>: a cgroup whose name is not UTF-8 is kept, as "/f\xffo" for the bytes 66 FF 6F.
/// </summary>
internal sealed class CgroupIndex
{
    public static readonly TimeSpan DefaultMinRewalkInterval = TimeSpan.FromSeconds(1);

    private readonly CpuHierarchy _hierarchy;
    private readonly TimeProvider _time;
    private readonly TimeSpan _minRewalkInterval;
    private readonly Lock _walkLock = new();
    private volatile Snapshot _snapshot = new(new Dictionary<ulong, string>(), new Dictionary<string, ulong>());
    private long? _lastWalkTimestamp;

    public CgroupIndex(CpuHierarchy hierarchy, TimeProvider time, TimeSpan? minRewalkInterval = null)
    {
        _hierarchy = hierarchy;
        _time = time;
        _minRewalkInterval = minRewalkInterval ?? DefaultMinRewalkInterval;
        if (_minRewalkInterval < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(minRewalkInterval), "must be zero or positive");
        }
    }

    /// <summary>Walks performed so far; worth exporting as a metric.</summary>
    public int WalkCount { get; private set; }

    /// <summary>Cgroups known after the last walk.</summary>
    public int Count => _snapshot.PathById.Count;

    /// <summary>True when the last walk found the id; never walks.</summary>
    public bool IsKnown(ulong id) => _snapshot.PathById.ContainsKey(id);

    /// <summary>
    /// Resolves an id to its path ("/" for the root, "/kubepods.slice/..." otherwise). Walks the hierarchy
    /// on a miss unless the last walk was less than the minimum interval ago.
    /// </summary>
    public bool TryGetPath(ulong id, out string relativePath)
    {
        if (_snapshot.PathById.TryGetValue(id, out relativePath!))
        {
            return true;
        }

        lock (_walkLock)
        {
            // Another caller may have walked while this one waited for the lock.
            if (_snapshot.PathById.TryGetValue(id, out relativePath!))
            {
                return true;
            }

            if (_lastWalkTimestamp is { } last && _time.GetElapsedTime(last) < _minRewalkInterval)
            {
                relativePath = "";
                return false;
            }

            Walk();
            return _snapshot.PathById.TryGetValue(id, out relativePath!);
        }
    }

    /// <summary>
    /// The id of a cgroup given by its normalised relative path (see <see cref="CgroupPaths.Normalize"/>).
    /// A path not seen by the last walk is looked up directly: one stat is cheaper than a walk.
    /// </summary>
    public bool TryGetId(string relativePath, out ulong id)
    {
        if (_snapshot.IdByPath.TryGetValue(relativePath, out id))
        {
            return true;
        }

        return DirectoryInode.TryGet(_hierarchy.CpuDirectory(relativePath), out id);
    }

    /// <summary>Walks now, regardless of the interval (start-up, or a cgroup_mkdir event).</summary>
    public void Refresh()
    {
        lock (_walkLock)
        {
            Walk();
        }
    }

    private void Walk()
    {
        var pathById = new Dictionary<ulong, string>();
        var idByPath = new Dictionary<string, ulong>(StringComparer.Ordinal);
        var pending = new Stack<(string Directory, string RelativePath)>();
        pending.Push((_hierarchy.CpuDirectory("/"), "/"));

        while (pending.TryPop(out var current))
        {
            // A cgroup removed between listing its parent and visiting it is normal: skip it.
            if (!DirectoryInode.TryGet(current.Directory, out var id))
            {
                continue;
            }

            pathById[id] = current.RelativePath;
            idByPath[current.RelativePath] = id;
            // Symbolic links are not cgroups; names that are not UTF-8 come back escaped, so they open again.
            foreach (var name in CgroupFileSystem.ChildDirectoryNames(current.Directory))
            {
                pending.Push((Path.Join(current.Directory, name), current.RelativePath == "/" ? "/" + name : current.RelativePath + "/" + name));
            }
        }

        _snapshot = new Snapshot(pathById, idByPath);
        _lastWalkTimestamp = _time.GetTimestamp();
        WalkCount++;
    }

    private sealed record Snapshot(Dictionary<ulong, string> PathById, Dictionary<string, ulong> IdByPath);
}
