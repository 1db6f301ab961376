using KernelTruth.Contracts.Cgroups;
using KernelTruth.Contracts.Snapshot;
using KernelTruth.NodeSensor.Bpf.Programs;
using KernelTruth.NodeSensor.Cgroups;
using KernelTruth.NodeSensor.KernelFiles;
using Microsoft.Extensions.Logging;

namespace KernelTruth.NodeSensor.Sampling;

/// <summary>
/// Turns the BPF maps and the kernel's cgroup files into one <see cref="NodeSnapshot"/>.
/// One vanished or unreadable cgroup never fails the read: it is logged once, counted, skipped.
/// Not thread-safe: the caller serialises reads (window folding keeps state between them).
/// </summary>
internal sealed partial class SnapshotSampler
{
    private readonly SensorPrograms _programs;
    private readonly CpuHierarchy _hierarchy;
    private readonly CgroupIndex _index;
    private readonly CgroupFilter _filter;
    private readonly TimeProvider _time;
    private readonly SensorIdentity _identity;
    private readonly SensorCounters _counters;
    private readonly ILogger _logger;
    private readonly Dictionary<ulong, TrackedCgroup> _tracked = [];
    private readonly HashSet<string> _loggedOnce = new(StringComparer.Ordinal);
    private readonly Dictionary<ulong, ulong> _unresolvedSince = [];
    private readonly ulong _goneAfterNs;
    private readonly MapPressure _pressure;
    private readonly StartupTracker _startups;

    public SnapshotSampler(SensorPrograms programs, CpuHierarchy hierarchy, CgroupIndex index, CgroupFilter filter,
        TimeProvider time, SensorIdentity identity, SensorCounters counters, ILogger logger, TimeSpan forgetGoneAfter, MapPressure pressure,
        StartupTracker startups)
    {
        _pressure = pressure;
        _startups = startups;
        _goneAfterNs = (ulong)forgetGoneAfter.TotalNanoseconds;
        _programs = programs;
        _hierarchy = hierarchy;
        _index = index;
        _filter = filter;
        _time = time;
        _identity = identity;
        _counters = counters;
        _logger = logger;
    }

    public NodeSnapshot Read()
    {
        var periods = _programs.ReadPeriodStats().ToDictionary(p => p.CgroupId, p => p.Stats);
        var ooms = _programs.ReadOomKills().ToDictionary(o => o.CgroupId, o => o.Kills);
        var starts = _programs.ReadStartTimelines().ToDictionary(s => s.CgroupId, s => StartTimes.From(s.Timeline));
        var cgroups = new List<CgroupSnapshot>();
        var seen = new HashSet<ulong>();

        ulong now = MonotonicClock.NowNs();
        var schedStats = _programs.ReadSchedStats();
        if (schedStats.Any(s => !_index.IsKnown(s.CgroupId)))
        {
            _index.Refresh(); // new cgroups since the last read: one walk resolves them all
        }

        foreach (var (id, stats) in schedStats)
        {
            seen.Add(id);
            var snapshot = ReadCgroup(id, stats, periods, ooms, starts, now);
            if (snapshot is not null)
            {
                cgroups.Add(snapshot);
            }
        }

        ForgetUnseen(seen);
        var bpfErrors = _programs.ReadErrors();
        EvictIdleWhenFull(schedStats, bpfErrors);
        cgroups.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return new NodeSnapshot
        {
            Node = _identity.Node,
            Kernel = _identity.Kernel,
            CgroupVersion = _hierarchy.Version,
            PeriodUsageSource = _programs.PeriodTimerActive ? PeriodUsageSources.PeriodTimer : PeriodUsageSources.Window,
            TakenAtUnixNs = (_time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks * 100,
            MonotonicNs = now,
            Cgroups = cgroups,
            Sensor = new SensorHealth(_counters.Snapshot(bpfErrors, _programs.Unavailable.Keys)),
        };
    }

    private CgroupSnapshot? ReadCgroup(ulong id, CgroupSchedStatsNative stats,
        Dictionary<ulong, CfsPeriodStatsNative> periods, Dictionary<ulong, ulong> ooms, Dictionary<ulong, StartTimes> starts, ulong now)
    {
        if (!_index.TryGetPath(id, out string path))
        {
            ForgetIfGone(id, path: null, now);
            return null;
        }

        var identity = CgroupIdentityParser.Parse(path);
        if (!_filter.Includes(identity))
        {
            _unresolvedSince.Remove(id);
            return null;
        }

        if (!_tracked.TryGetValue(id, out var tracked))
        {
            tracked = new TrackedCgroup(now);
            _tracked[id] = tracked;
        }

        try
        {
            var limit = CpuLimitReader.Read(_hierarchy, path);
            var cpuStat = ReadCpuStat(path);
            var (shares, weight) = ReadWeight(path);
            tracked.Windows.Fold(stats.Windows, now / _programs.WindowNs);
            periods.TryGetValue(id, out var period);
            _unresolvedSince.Remove(id);
            return new CgroupSnapshot
            {
                Id = id,
                Path = path,
                TrackedSince = tracked.Since,
                Identity = identity,
                Limit = limit is null ? null : new CpuLimitSnapshot(limit.QuotaUs, limit.PeriodUs, limit.BurstUs, limit.Cpus),
                CpuShares = shares,
                CpuWeight = weight,
                CpuStat = cpuStat,
                Sched = new SchedSnapshot
                {
                    OnCpuNs = stats.OnCpuNs,
                    VoluntarySwitches = stats.VoluntarySwitches,
                    InvoluntarySwitches = stats.InvoluntarySwitches,
                    ThrottleEvents = stats.ThrottleEvents,
                    ContentionWait = ToWaitHistogram(stats.ContentionWait),
                    ThrottleWait = ToWaitHistogram(stats.ThrottleWait),
                    PeriodUsage = PeriodUsageBuilder.Build(limit, period, periods.ContainsKey(id), tracked.Windows.Histogram, _programs.WindowNs),
                },
                Memory = ReadMemory(path, ooms.GetValueOrDefault(id)),
                Pressure = ReadPressure(path),
                Startup = _startups.Observe(id, starts.TryGetValue(id, out var start) ? start : null, now, cpuStat?.UsageNs, cpuStat?.ThrottledNs ?? 0),
            };
        }
        catch (CgroupGoneException)
        {
            // Removed after the last walk: the index still knows the path, the files are gone.
            ForgetIfGone(id, path, now);
            return null;
        }
    }

    private CpuStatSnapshot? ReadCpuStat(string path)
    {
        try
        {
            var s = CpuStatReader.Read(_hierarchy, path);
            return new CpuStatSnapshot
            {
                UsageNs = s.UsageNs,
                NrPeriods = s.NrPeriods,
                NrThrottled = s.NrThrottled,
                ThrottledNs = s.ThrottledNs,
                NrBursts = s.NrBursts,
                BurstNs = s.BurstNs,
            };
        }
        catch (KernelFileFormatException ex)
        {
            ReportFormatError(ex);
            return null;
        }
    }

    private (ulong? Shares, ulong? Weight) ReadWeight(string path)
    {
        try
        {
            return CpuWeightReader.Read(_hierarchy, path);
        }
        catch (KernelFileFormatException ex)
        {
            ReportFormatError(ex);
            return (null, null);
        }
    }

    private MemorySnapshot? ReadMemory(string path, ulong bpfOomKills)
    {
        try
        {
            var m = MemoryReader.Read(_hierarchy, path);
            if (m is null)
            {
                return null;
            }

            // The tracepoint sees every victim; memory.events also counts kills of tasks that
            // left the cgroup. Report the larger so no kill is missed.
            return new MemorySnapshot(m.CurrentBytes, m.PeakBytes, Math.Max(bpfOomKills, m.OomKills ?? 0), m.WorkingSetBytes);
        }
        catch (KernelFileFormatException ex)
        {
            ReportFormatError(ex);
            return null;
        }
    }

    private PressureSnapshot? ReadPressure(string path)
    {
        try
        {
            var p = PressureReader.Read(_hierarchy, path);
            return p is null ? null : new PressureSnapshot(p.Some.Avg10, p.Some.Avg60, p.Some.TotalUs, p.Full?.Avg10, p.Full?.Avg60, p.Full?.TotalUs);
        }
        catch (KernelFileFormatException ex)
        {
            ReportFormatError(ex);
            return null;
        }
    }

    private void ReportFormatError(KernelFileFormatException ex)
    {
        _counters.FileFormatError(Path.GetFileName(ex.File));
        if (_loggedOnce.Add(ex.File))
        {
            Log.UnparseableKernelFile(_logger, ex.File, ex.Message);
        }
    }

    /// <summary>
    /// A cgroup the index cannot find may be brand new (the index re-walks at most once a
    /// second) or gone. Only one that stays unknown for the configured time is dropped from
    /// the maps, so a new cgroup never loses its first counts.
    /// </summary>
    private void ForgetIfGone(ulong id, string? path, ulong now)
    {
        if (!_unresolvedSince.TryGetValue(id, out ulong since))
        {
            _unresolvedSince[id] = now;
            return;
        }

        if (now - since >= _goneAfterNs)
        {
            _programs.Forget(id);
            _tracked.Remove(id);
            _startups.Forget(id);
            _unresolvedSince.Remove(id);
            _counters.CgroupGone();
            Log.CgroupGone(_logger, id, path ?? "(not in the hierarchy)");
        }
    }

    /// <summary>
    /// While the map refuses cgroups, the idle ones give up their slots to the busy ones (<see cref="MapPressure"/>).
    /// They are in this snapshot with what they counted so far; when they run again they start over.
    /// </summary>
    private void EvictIdleWhenFull(IReadOnlyList<(ulong CgroupId, CgroupSchedStatsNative Stats)> schedStats, IReadOnlyDictionary<string, ulong> bpfErrors)
    {
        ulong refused = bpfErrors.GetValueOrDefault(SchedEventsNative.CgroupMapFullError);
        foreach (ulong id in _pressure.Observe(schedStats, refused, CgroupsInHierarchy))
        {
            _programs.ReleaseSlot(id);
            _tracked.Remove(id);
        }
    }

    private int CgroupsInHierarchy()
    {
        _index.Refresh(); // cgroups refused a slot never reach the index through the maps
        return _index.Count;
    }

    private void ForgetUnseen(HashSet<ulong> seen)
    {
        foreach (ulong id in _tracked.Keys.Where(id => !seen.Contains(id)).ToList())
        {
            _tracked.Remove(id);
            _startups.Forget(id);
        }
    }

    private static WaitHistogram ToWaitHistogram(WaitHistNative h)
    {
        ReadOnlySpan<ulong> slots = h.Slots;
        ulong count = 0;
        foreach (ulong n in slots)
        {
            count += n;
        }

        return new WaitHistogram(count, h.SumNs, slots.ToArray());
    }

    private sealed class TrackedCgroup(ulong since)
    {
        public ulong Since { get; } = since;

        public WindowFolder Windows { get; } = new();
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1202, Level = LogLevel.Information, Message = "Cgroup {CgroupId} at '{Path}' is gone; its kernel counters were dropped")]
        public static partial void CgroupGone(ILogger logger, ulong cgroupId, string path);

        [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "Kernel file '{File}' could not be parsed; its cgroup is reported without it: {Reason}")]
        public static partial void UnparseableKernelFile(ILogger logger, string file, string reason);
    }
}
