using KernelTruth.Contracts.Snapshot;
using KernelTruth.Models.Input;
using Microsoft.Extensions.Logging;

namespace KernelTruth.Recommender.Input;

/// <summary>
/// Turns successive sensor snapshots of one node into per-cgroup <see cref="WorkloadInterval"/>s:
/// the deltas of the cumulative counters between a cgroup's baseline reading and this one.
///
/// Whole snapshots are rejected (<see cref="SnapshotRejectedException"/>, nothing changes) when their
/// apiVersion is unknown, their shape is broken, or they are not newer than the last one. A stepped
/// wall clock makes every cgroup start a new baseline. Per cgroup:
/// <list type="bullet">
/// <item>first reading, or a reading that does not subtract from the baseline
/// (<see cref="CounterDeltas.Discontinuity"/>: a new trackedSince, a counter that went backwards, another kind
/// of period) → this reading becomes the baseline, no interval, and the reason is logged;</item>
/// <item>an unusable entry (broken shape, NaN limit, an interval the validator rejects, missing
/// kernel counters) → skipped with a logged reason; the previous baseline stays, so the next good
/// reading makes one longer interval and nothing from the bad one reaches a model;</item>
/// <item>a cgroup absent from a snapshot is forgotten; when it returns it starts a new baseline.</item>
/// </list>
/// Not thread-safe: one builder per node.
/// </summary>
public sealed partial class IntervalBuilder(ILogger logger)
{
    private readonly Dictionary<ulong, byte[]> _last = []; // CounterBaseline.Pack: about 100 bytes per cgroup
    private ulong _lastMonotonicNs;
    private long _lastTakenAtUnixNs;

    /// <summary>Cgroups with a baseline reading.</summary>
    public int Tracked => _last.Count;

    /// <summary>Intervals ending at this snapshot, one per cgroup that has a usable baseline.</summary>
    /// <exception cref="SnapshotRejectedException">Unknown version, broken shape, or out-of-order snapshot.</exception>
    public IReadOnlyList<CgroupInterval> Add(NodeSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (SnapshotChecks.SnapshotProblem(snapshot) is { } problem)
        {
            throw new SnapshotRejectedException($"snapshot of node '{snapshot.Node}' rejected: {problem}");
        }

        if (snapshot.MonotonicNs <= _lastMonotonicNs)
        {
            throw new SnapshotRejectedException($"snapshot of node '{snapshot.Node}' taken at monotonic {snapshot.MonotonicNs} ns is not newer than the last ({_lastMonotonicNs} ns)");
        }

        if (_lastMonotonicNs > 0 && SnapshotChecks.WallClockStepped(_lastTakenAtUnixNs, _lastMonotonicNs, snapshot, out var step))
        {
            Log.WallClockStepped(logger, snapshot.Node, step.TotalSeconds);
            _last.Clear();
        }

        var intervals = new List<CgroupInterval>();
        var time = DateTimeOffset.UnixEpoch.AddTicks(snapshot.TakenAtUnixNs / 100);
        HashSet<ulong>? duplicates = FindDuplicates(snapshot.Node, snapshot.Cgroups);
        foreach (var cgroup in snapshot.Cgroups)
        {
            if (cgroup is null)
            {
                Log.EntrySkipped(logger, snapshot.Node, "(null)", "a null cgroup entry");
                continue;
            }

            if (duplicates is not null && duplicates.Contains(cgroup.Id))
            {
                continue; // reported and forgotten once in FindDuplicates
            }

            if (SnapshotChecks.CgroupProblem(cgroup) is { } entryProblem)
            {
                Log.EntrySkipped(logger, snapshot.Node, cgroup.Path ?? $"id {cgroup.Id}", entryProblem);
                continue;
            }

            if (!_last.TryGetValue(cgroup.Id, out var packed))
            {
                Log.FirstReading(logger, snapshot.Node, cgroup.Path!); // CgroupProblem rejected a missing path above
                _last[cgroup.Id] = CounterBaseline.Pack(cgroup, snapshot.MonotonicNs);
                continue;
            }

            var previous = CounterBaseline.Unpack(packed);

            var duration = TimeSpan.FromTicks((long)((snapshot.MonotonicNs - previous.MonotonicNs) / 100));
            switch (Delta(snapshot.Node, previous, cgroup, duration, time, out var interval))
            {
                case Outcome.Interval:
                    intervals.Add(new CgroupInterval(cgroup, interval!, SwitchesPerSecond(previous, cgroup, duration)));
                    _last[cgroup.Id] = CounterBaseline.Pack(cgroup, snapshot.MonotonicNs);
                    break;
                case Outcome.NewBaseline:
                    _last[cgroup.Id] = CounterBaseline.Pack(cgroup, snapshot.MonotonicNs);
                    break;
                default:
                    break; // skipped: the previous reading stays the baseline
            }
        }

        ForgetMissing(snapshot);
        _lastMonotonicNs = snapshot.MonotonicNs;
        _lastTakenAtUnixNs = snapshot.TakenAtUnixNs;
        return intervals;
    }

    private Outcome Delta(string node, in CounterBaseline a, CgroupSnapshot b, TimeSpan duration, DateTimeOffset time, out WorkloadInterval? interval)
    {
        interval = null;
        if (a.TrackedSince == b.TrackedSince && a.CpuStat is not null && b.CpuStat is null)
        {
            Log.EntrySkipped(logger, node, b.Path, "cpuStat could not be read this time");
            return Outcome.Skipped;
        }

        if (CounterDeltas.Discontinuity(a, b) is { } discontinuity)
        {
            if (discontinuity.CounterReset)
            {
                Log.CounterWentBackwards(logger, node, b.Path, discontinuity.Reason);
            }
            else
            {
                Log.NewBaseline(logger, node, b.Path, discontinuity.Reason);
            }

            return Outcome.NewBaseline;
        }

        if (b.Limit is null && b.CpuStat is { } cb && a.CpuStat is { } ca && cb.NrThrottled > ca.NrThrottled)
        {
            Log.ThrottledWithoutLimit(logger, node, b.Path, cb.NrThrottled - ca.NrThrottled);
        }

        var candidate = CounterDeltas.ToInterval(a, b, duration, time);
        var errors = candidate.Validate();
        if (errors.Count > 0)
        {
            Log.EntrySkipped(logger, node, b.Path, "interval invalid: " + string.Join("; ", errors));
            return Outcome.Skipped;
        }

        interval = candidate;
        return Outcome.Interval;
    }

    private static double SwitchesPerSecond(in CounterBaseline a, CgroupSnapshot b, TimeSpan duration)
    {
        ulong before = a.VoluntarySwitches + a.InvoluntarySwitches;
        ulong after = b.Sched.VoluntarySwitches + b.Sched.InvoluntarySwitches;
        return duration > TimeSpan.Zero ? (after - before) / duration.TotalSeconds : 0; // FindBackwards already ruled out after < before
    }

    private HashSet<ulong>? FindDuplicates(string node, IReadOnlyList<CgroupSnapshot> cgroups)
    {
        HashSet<ulong>? seen = null;
        HashSet<ulong>? duplicates = null;
        foreach (var c in cgroups)
        {
            if (c is not null && !(seen ??= new HashSet<ulong>(cgroups.Count)).Add(c.Id))
            {
                (duplicates ??= []).Add(c.Id);
            }
        }

        foreach (ulong id in duplicates ?? [])
        {
            Log.DuplicateId(logger, node, id);
            _last.Remove(id); // neither entry can be told apart from the other: start again
        }

        return duplicates;
    }

    private void ForgetMissing(NodeSnapshot snapshot)
    {
        if (_last.Count == 0)
        {
            return;
        }

        var present = new HashSet<ulong>(snapshot.Cgroups.Count);
        foreach (var c in snapshot.Cgroups)
        {
            if (c is not null)
            {
                present.Add(c.Id);
            }
        }

        if (present.Count >= _last.Count && _last.Keys.All(present.Contains))
        {
            return;
        }

        foreach (ulong id in _last.Keys.Where(id => !present.Contains(id)).ToList())
        {
            _last.Remove(id);
        }
    }

    private enum Outcome
    {
        Interval,
        NewBaseline,
        Skipped,
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Node '{Node}' cgroup '{Path}': {What}; read as a reset, this reading is the new baseline")]
        public static partial void CounterWentBackwards(ILogger logger, string node, string path, string what);

        [LoggerMessage(EventId = 2007, Level = LogLevel.Debug, Message = "Node '{Node}' cgroup '{Path}': first reading, the baseline of its next interval")]
        public static partial void FirstReading(ILogger logger, string node, string path);

        [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "Node '{Node}' cgroup '{Path}': reading skipped, the previous one stays the baseline: {Reason}")]
        public static partial void EntrySkipped(ILogger logger, string node, string path, string reason);

        [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "Node '{Node}' cgroup '{Path}': new baseline, no interval: {Reason}")]
        public static partial void NewBaseline(ILogger logger, string node, string path, string reason);

        [LoggerMessage(EventId = 2004, Level = LogLevel.Information, Message = "Node '{Node}' cgroup '{Path}': {Throttled} periods throttled but no limit is in force now (removed during the interval); counted as unthrottled")]
        public static partial void ThrottledWithoutLimit(ILogger logger, string node, string path, ulong throttled);

        [LoggerMessage(EventId = 2005, Level = LogLevel.Warning, Message = "Node '{Node}': wall clock stepped by {StepSeconds:F1} s against the monotonic clock; every cgroup starts a new baseline")]
        public static partial void WallClockStepped(ILogger logger, string node, double stepSeconds);

        [LoggerMessage(EventId = 2006, Level = LogLevel.Warning, Message = "Node '{Node}': cgroup id {Id} appears more than once in one snapshot; its entries are skipped and its baseline dropped")]
        public static partial void DuplicateId(ILogger logger, string node, ulong id);
    }
}
