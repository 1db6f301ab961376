using KernelTruth.Contracts.Snapshot;
using KernelTruth.Recommender.Input;
using Microsoft.Extensions.Logging;

namespace KernelTruth.MetricsAdapter.Metrics;

/// <summary>
/// Snapshots in, one sliding window per cgroup out: the same <see cref="IntervalBuilder"/> the
/// recommender's models are fed by (one per node), each cgroup's intervals kept for
/// <c>window</c>. A cgroup missing from its node's latest snapshot is forgotten, as the builder
/// forgets it. Not thread-safe: one caller ingests.
/// </summary>
internal sealed class WindowCalculator(TimeSpan window, ILogger logger)
{
    private readonly Dictionary<string, NodeWindows> _nodes = new(StringComparer.Ordinal);

    public TimeSpan Window => window;

    /// <exception cref="SnapshotRejectedException">The snapshot is unusable; nothing changed.</exception>
    public void Ingest(NodeSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        string node = snapshot.Node ?? "";
        if (!_nodes.TryGetValue(node, out var state))
        {
            state = new NodeWindows(new IntervalBuilder(logger));
            _nodes[node] = state;
        }

        var intervals = state.Builder.Add(snapshot);
        var present = new HashSet<ulong>();
        foreach (var c in snapshot.Cgroups)
        {
            if (c is not null)
            {
                present.Add(c.Id);
            }
        }

        foreach (ulong id in state.Windows.Keys.Where(id => !present.Contains(id)).ToList())
        {
            state.Windows.Remove(id);
        }

        foreach (var (cgroup, interval, _) in intervals)
        {
            if (!state.Windows.TryGetValue(cgroup.Id, out var w))
            {
                w = new Tracked(new CgroupWindow(window));
                state.Windows[cgroup.Id] = w;
            }

            w.Cgroup = cgroup;
            w.Window.Add(interval);
        }
    }

    /// <summary>
    /// Every cgroup with at least one interval whose newest data is no older than two windows
    /// before <paramref name="now"/> (a node that stopped reporting drops out).
    /// </summary>
    public IEnumerable<(string Node, CgroupSnapshot Cgroup, CgroupWindow Window)> Current(DateTimeOffset now)
    {
        foreach (var (node, state) in _nodes)
        {
            foreach (var t in state.Windows.Values)
            {
                if (t.Cgroup is not null && t.Window.Latest is { } latest && latest >= now - (2 * window))
                {
                    yield return (node, t.Cgroup, t.Window);
                }
            }
        }
    }

    private sealed record NodeWindows(IntervalBuilder Builder)
    {
        public Dictionary<ulong, Tracked> Windows { get; } = [];
    }

    private sealed class Tracked(CgroupWindow window)
    {
        public CgroupWindow Window { get; } = window;

        public CgroupSnapshot? Cgroup { get; set; }
    }
}
