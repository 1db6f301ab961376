using KernelTruth.Cli.Observing;
using KernelTruth.Contracts.Snapshot;

namespace KernelTruth.Cli.Watching;

/// <summary>
/// The snapshots of the last <c>span</c>, so every column of the watch table is an average over the
/// same trailing window (metrics-server's 15 s by default) rather than one noisy second.
/// </summary>
internal sealed class TrailingSnapshots(TimeSpan span)
{
    private readonly List<(NodeSnapshot Snapshot, Dictionary<ulong, CgroupSnapshot> ById)> _kept = [];

    public NodeSnapshot? Latest => _kept.Count > 0 ? _kept[^1].Snapshot : null;

    public void Add(NodeSnapshot snapshot)
    {
        _kept.Add((snapshot, snapshot.Cgroups.ToDictionary(c => c.Id)));
        double spanNs = span.Ticks * 100.0;

        // Keep the newest snapshot that is at least `span` old as the window's start.
        while (_kept.Count > 2 && snapshot.MonotonicNs - _kept[1].Snapshot.MonotonicNs >= spanNs)
        {
            _kept.RemoveAt(0);
        }
    }

    /// <summary>Every cgroup of the latest snapshot with its window from the oldest kept snapshot that has it.</summary>
    public IReadOnlyList<(CgroupSnapshot Cgroup, CgroupWindow Window)> Windows()
    {
        var result = new List<(CgroupSnapshot, CgroupWindow)>();
        if (_kept.Count < 2)
        {
            return result;
        }

        var latest = _kept[^1].Snapshot;
        foreach (var cgroup in latest.Cgroups)
        {
            for (int i = 0; i < _kept.Count - 1; i++)
            {
                if (_kept[i].ById.TryGetValue(cgroup.Id, out var then) && then.TrackedSince == cgroup.TrackedSince)
                {
                    if (CgroupWindow.Between(then, _kept[i].Snapshot.MonotonicNs, cgroup, latest.MonotonicNs) is { } window)
                    {
                        result.Add((cgroup, window));
                    }

                    break;
                }
            }
        }

        return result;
    }
}
