using KernelTruth.Models.Input;
using KernelTruth.NodeSensor.Snapshot;
using Microsoft.Extensions.Logging;

namespace KernelTruth.Recommender.Input;

/// <summary>
/// Turns successive sensor snapshots into per-cgroup <see cref="WorkloadInterval"/>s: the deltas
/// of the cumulative counters between the previous snapshot and this one.
///
/// A cgroup's first snapshot, a new trackedSince (the sensor restarted or re-tracked it), a
/// change of period-usage source, or a counter that went backwards only sets a new baseline: no
/// interval is made from it, so a reset never shows up as a huge or negative delta. A snapshot of
/// an unknown apiVersion or one older than the last is rejected whole.
/// Not thread-safe: one builder per snapshot source.
/// </summary>
internal sealed partial class IntervalBuilder(ILogger logger)
{
    private readonly Dictionary<ulong, CgroupSnapshot> _last = [];
    private ulong _lastMonotonicNs;

    /// <summary>Intervals ending at this snapshot, one per cgroup that has a usable baseline.</summary>
    /// <exception cref="SnapshotRejectedException">Unknown version or out-of-order snapshot.</exception>
    public IReadOnlyList<(CgroupSnapshot Cgroup, WorkloadInterval Interval)> Add(NodeSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (snapshot.ApiVersion != NodeSnapshot.CurrentApiVersion)
        {
            throw new SnapshotRejectedException($"snapshot apiVersion '{snapshot.ApiVersion}' is not {NodeSnapshot.CurrentApiVersion}");
        }

        if (snapshot.MonotonicNs <= _lastMonotonicNs)
        {
            throw new SnapshotRejectedException($"snapshot of node '{snapshot.Node}' taken at monotonic {snapshot.MonotonicNs} ns is not newer than the last ({_lastMonotonicNs} ns)");
        }

        var intervals = new List<(CgroupSnapshot, WorkloadInterval)>();
        var time = DateTimeOffset.UnixEpoch.AddTicks(snapshot.TakenAtUnixNs / 100);
        foreach (var cgroup in snapshot.Cgroups)
        {
            if (_last.TryGetValue(cgroup.Id, out var previous) && previous.TrackedSince == cgroup.TrackedSince)
            {
                var interval = Delta(previous, cgroup, TimeSpan.FromTicks((long)((snapshot.MonotonicNs - _lastMonotonicNs) / 100)), time);
                if (interval is not null)
                {
                    intervals.Add((cgroup, interval));
                }
            }

            _last[cgroup.Id] = cgroup;
        }

        ForgetMissing(snapshot);
        _lastMonotonicNs = snapshot.MonotonicNs;
        return intervals;
    }

    private WorkloadInterval? Delta(CgroupSnapshot a, CgroupSnapshot b, TimeSpan duration, DateTimeOffset time)
    {
        string? backwards = CounterDeltas.FindBackwards(a, b);
        if (backwards is not null)
        {
            Log.CounterWentBackwards(logger, b.Path, backwards);
            return null;
        }

        if (a.Sched.PeriodUsage.Source != b.Sched.PeriodUsage.Source || a.Sched.PeriodUsage.PeriodNs != b.Sched.PeriodUsage.PeriodNs)
        {
            return null; // another kind of period: the two histograms do not subtract
        }

        var interval = CounterDeltas.ToInterval(a, b, duration, time);
        var errors = interval.Validate();
        if (errors.Count > 0)
        {
            Log.IntervalRejected(logger, b.Path, string.Join("; ", errors));
            return null;
        }

        return interval;
    }

    private void ForgetMissing(NodeSnapshot snapshot)
    {
        if (_last.Count == snapshot.Cgroups.Count)
        {
            return;
        }

        var present = snapshot.Cgroups.Select(c => c.Id).ToHashSet();
        foreach (ulong id in _last.Keys.Where(id => !present.Contains(id)).ToList())
        {
            _last.Remove(id);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Cgroup '{Path}': {Counter} went backwards; starting a new baseline")]
        public static partial void CounterWentBackwards(ILogger logger, string path, string counter);

        [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "Cgroup '{Path}': interval dropped: {Reasons}")]
        public static partial void IntervalRejected(ILogger logger, string path, string reasons);
    }
}
