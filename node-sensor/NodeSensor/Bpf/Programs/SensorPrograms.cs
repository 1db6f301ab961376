using Microsoft.Extensions.Logging;

namespace KernelTruth.NodeSensor.Bpf.Programs;

/// <summary>
/// The sensor's four BPF objects, loaded and attached, with typed reads of their maps.
/// sched_events is required; cfs_period, oom_kills and start_timeline degrade: without the period
/// timer the sensor falls back to fixed windows, without the OOM tracepoint memory.events still
/// counts kills, without start_timeline new cgroups have no start timeline.
/// </summary>
internal sealed partial class SensorPrograms : IDisposable
{
    private readonly BpfObject _sched;
    private readonly BpfObject? _period;
    private readonly BpfObject? _oom;
    private readonly BpfObject? _start;
    private readonly int _slotsFd;
    private readonly int _statsFd;
    private readonly int _freeSlotsFd;

    private SensorPrograms(BpfObject sched, BpfObject? period, BpfObject? oom, BpfObject? start, ulong windowNs, IReadOnlyDictionary<string, string> unavailable)
    {
        _start = start;
        Unavailable = unavailable;
        _sched = sched;
        _period = period;
        _oom = oom;
        _slotsFd = sched.MapFd(SchedEventsNative.SlotsMap);
        _statsFd = sched.MapFd(SchedEventsNative.StatsMap);
        _freeSlotsFd = sched.MapFd(SchedEventsNative.FreeSlotsMap);
        WindowNs = windowNs;
    }

    /// <summary>Length of the fixed usage windows (the default CFS period).</summary>
    public ulong WindowNs { get; }

    /// <summary>True when per-period usage of limited cgroups comes from the CFS period timer.</summary>
    public bool PeriodTimerActive => _period is not null;

    /// <summary>True when OOM victims are counted by the mark_victim tracepoint.</summary>
    public bool OomTracepointActive => _oom is not null;

    /// <summary>True when new cgroups get start timelines (created, first task, exec, listen).</summary>
    public bool StartTimelinesActive => _start is not null;

    /// <summary>Optional objects that did not load, with the reason (e.g. a kernel feature it lacks).</summary>
    public IReadOnlyDictionary<string, string> Unavailable { get; }

    /// <summary>Every attached program, by name.</summary>
    public IReadOnlyList<string> AttachedPrograms =>
        [.. new[] { _sched, _period, _oom, _start }.OfType<BpfObject>().SelectMany(o => o.Links.Select(l => l.ProgramName))];

    public static SensorPrograms Load(SensorProgramOptions options, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var sched = LoadSched(options, logger);
        BpfObject? period = null, oom = null, start = null;
        var unavailable = new SortedDictionary<string, string>(StringComparer.Ordinal);
        try
        {
            period = TryLoadOptional(() => LoadPeriod(options, logger), CfsPeriodNative.ObjectName, "per-period usage falls back to fixed windows", unavailable, logger);
            oom = TryLoadOptional(() => LoadOom(logger), OomKillsNative.ObjectName, "OOM kills are read from memory.events only", unavailable, logger);
            start = TryLoadOptional(() => LoadStartTimeline(logger), StartTimelineNative.ObjectName, "new cgroups have no start timeline", unavailable, logger);
            return new SensorPrograms(sched, period, oom, start, options.WindowNs, unavailable);
        }
        catch
        {
            start?.Dispose();
            oom?.Dispose();
            period?.Dispose();
            sched.Dispose();
            throw;
        }
    }

    /// <summary>Every cgroup with a slot, and its stats (a slot recycled meanwhile is skipped).</summary>
    public IReadOnlyList<(ulong CgroupId, CgroupSchedStatsNative Stats)> ReadSchedStats()
    {
        var result = new List<(ulong, CgroupSchedStatsNative)>();
        foreach (var (cgroupId, slot) in _sched.ReadAll<ulong, uint>(_slotsFd))
        {
            if (_sched.TryLookup(_statsFd, slot, out CgroupSchedStatsNative stats) && stats.CgroupId == cgroupId)
            {
                result.Add((cgroupId, stats));
            }
        }

        return result;
    }

    public IEnumerable<(ulong CgroupId, CfsPeriodStatsNative Stats)> ReadPeriodStats() =>
        _period is null ? [] : _period.ReadAll<ulong, CfsPeriodStatsNative>(_period.MapFd(CfsPeriodNative.StatsMap));

    public IEnumerable<(ulong CgroupId, ulong Kills)> ReadOomKills() =>
        _oom is null ? [] : _oom.ReadAll<ulong, ulong>(_oom.MapFd(OomKillsNative.KillsMap));

    /// <summary>The start timeline of every cgroup created since load (removed cgroups drop out in the kernel).</summary>
    public IEnumerable<(ulong CgroupId, CgroupStartTimelineNative Timeline)> ReadStartTimelines() =>
        _start is null ? [] : _start.ReadAll<ulong, CgroupStartTimelineNative>(_start.MapFd(StartTimelineNative.TimelinesMap));

    /// <summary>The programs' own error counters (map full, lost windows ...), by name.</summary>
    public IReadOnlyDictionary<string, ulong> ReadErrors()
    {
        var errors = new SortedDictionary<string, ulong>(StringComparer.Ordinal);
        AddErrors(errors, _sched, SchedEventsNative.ErrorNames);
        AddErrors(errors, _period, CfsPeriodNative.ErrorNames);
        AddErrors(errors, _oom, OomKillsNative.ErrorNames);
        AddErrors(errors, _start, StartTimelineNative.ErrorNames);
        return errors;
    }

    /// <summary>
    /// Gives up a cgroup's scheduler stats slot (the map is full and it is idle): its counters restart if it runs again.
    /// Its period and OOM counters, kept in maps of their own, stay.
    /// </summary>
    public void ReleaseSlot(ulong cgroupId)
    {
        if (_sched.TryLookup(_slotsFd, cgroupId, out uint slot))
        {
            // In this order: no new event finds the slot through the id, the slot is clean
            // (cgroup_id 0 also voids per-CPU caches), then a new cgroup may take it.
            _sched.Delete(_slotsFd, cgroupId);
            _sched.Update(_statsFd, slot, default(CgroupSchedStatsNative));
            _sched.Push(_freeSlotsFd, slot);
        }
    }

    /// <summary>Drops a vanished cgroup from every map; its stats slot goes back to the free queue.</summary>
    public void Forget(ulong cgroupId)
    {
        ReleaseSlot(cgroupId);
        _period?.Delete(_period.MapFd(CfsPeriodNative.StatsMap), cgroupId);
        _oom?.Delete(_oom.MapFd(OomKillsNative.KillsMap), cgroupId);
        _start?.Delete(_start.MapFd(StartTimelineNative.TimelinesMap), cgroupId);
    }

    /// <summary>Starts or stops emitting per-period records of <paramref name="cgroupId"/> into the ring buffer.</summary>
    public void SetRecorded(ulong cgroupId, bool recorded)
    {
        var period = _period ?? throw new InvalidOperationException("per-period records need the CFS period-timer program, which is unavailable: " + Unavailable.GetValueOrDefault(CfsPeriodNative.ObjectName, "not loaded"));
        int fd = period.MapFd(CfsPeriodNative.RecordedMap);
        // Per-CPU times of an earlier recording would make the first period's parallelism wrong:
        // the program starts a fresh baseline when it finds none.
        period.Delete(period.MapFd(CfsPeriodNative.RecordedCpuTimeMap), cgroupId);
        if (recorded)
        {
            period.Update(fd, cgroupId, (byte)1);
        }
        else
        {
            period.Delete(fd, cgroupId);
        }
    }

    /// <summary>A consumer of the per-period record ring (records of the cgroups set with <see cref="SetRecorded"/>).</summary>
    public BpfRingBuffer OpenPeriodRecords(BpfRingBuffer.RecordHandler onRecord)
    {
        var period = _period ?? throw new InvalidOperationException("per-period records need the CFS period-timer program, which is unavailable");
        return new BpfRingBuffer(period.MapFd(CfsPeriodNative.RecordsRing), CfsPeriodNative.RecordsRing, onRecord);
    }

    /// <summary>Run time and run count per attached program (needs run-time stats enabled).</summary>
    public IEnumerable<(string Program, ProgramRunStats Stats)> ReadProgramStats()
    {
        foreach (var obj in new[] { _sched, _period, _oom, _start }.OfType<BpfObject>())
        {
            foreach (var link in obj.Links)
            {
                yield return (link.ProgramName, obj.GetProgramStats(link.ProgramName));
            }
        }
    }

    public void Dispose()
    {
        _start?.Dispose();
        _oom?.Dispose();
        _period?.Dispose();
        _sched.Dispose();
    }

    private static void AddErrors(SortedDictionary<string, ulong> into, BpfObject? obj, string[] names)
    {
        if (obj is null)
        {
            return;
        }

        int fd = obj.MapFd("errors");
        for (uint i = 0; i < names.Length; i++)
        {
            into[names[i]] = obj.TryLookup(fd, i, out ulong n) ? n : 0;
        }
    }
}
