using KernelTruth.NodeSensor.Bpf.Programs;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace KernelTruth.NodeSensor.Sampling;

/// <summary>
/// Keeps a full cgroup map (<c>--max-cgroups</c> slots) from losing data silently. The BPF program counts every event
/// of a cgroup it could not give a slot (<c>cgroup_map_full</c>); after each read this:
/// <list type="bullet">
/// <item>evicts, while new refusals keep coming, the cgroups that did nothing since the last read (same on-CPU time and
/// switch counts), so their slots go to the busy cgroups that were refused: busy ones are kept, idle ones leave the
/// snapshot until they run again (with a new trackedSince, as any consumer handles a reset);</item>
/// <item>logs the first refusal once (Warning), then at most one line a minute with the rate;</item>
/// <item>counts the cgroups of the hierarchy without a slot (<c>ktruth_sensor_cgroups_untracked</c>) and the evicted
/// ones (<c>ktruth_sensor_cgroups_evicted_total</c>);</item>
/// <item>tells /readyz it is degraded (<see cref="Degraded"/>) while refusals were seen within the last 5 minutes.</item>
/// </list>
/// Eviction is done here rather than with an LRU map in BPF: the slots are an array indexed through a hash (one hash
/// lookup per CPU per cgroup, then a per-CPU cache), and an LRU hash would evict by lookup recency, i.e. drop a busy
/// cgroup's id whenever the per-CPU cache spares it the lookups. Not thread-safe: the sampler calls it under its lock.
/// </summary>
internal sealed partial class MapPressure
{
    /// <summary>Rate lines are at most this often: one line a minute however many events are refused.</summary>
    public static readonly TimeSpan RateLogInterval = TimeSpan.FromMinutes(1);

    /// <summary>Degraded until this long after the last refusal.</summary>
    public static readonly TimeSpan DegradedFor = TimeSpan.FromMinutes(5);

    private readonly uint _slots;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Gauge _untracked;
    private readonly Counter _evicted;
    private Dictionary<ulong, ulong> _activity = [];
    private ulong _refused;
    private bool _loggedFirst;
    private DateTimeOffset _rateSince;
    private ulong _refusedAtRateLog;
    private long _evictedSinceRateLog;
    private DateTimeOffset? _lastRefusalAt;
    private volatile string? _degraded;

    public MapPressure(uint slots, TimeProvider time, IMetricFactory metrics, ILogger logger)
    {
        _slots = slots;
        _time = time;
        _logger = logger;
        _untracked = metrics.CreateGauge("ktruth_sensor_cgroups_untracked", "Cgroups in the cpu hierarchy with no slot in the sensor's map while it is full (see --max-cgroups): their events are not counted.");
        _evicted = metrics.CreateCounter("ktruth_sensor_cgroups_evicted_total", "Idle cgroups whose slot was given up so busy cgroups could be tracked while the map was full.");
    }

    /// <summary>Why the sensor is degraded ("cgroup map full …"), or null when it is not.</summary>
    public string? Degraded => _degraded;

    /// <summary>
    /// One read's view: the cgroups with a slot and their stats, the program's refusal count so far, and how many
    /// cgroups the hierarchy holds (asked only while the map is under pressure: it may walk the hierarchy). Returns the
    /// idle cgroups to evict now (empty unless new refusals came).
    /// </summary>
    public IReadOnlyList<ulong> Observe(IReadOnlyList<(ulong CgroupId, CgroupSchedStatsNative Stats)> tracked, ulong refusedEvents, Func<int> cgroupsInHierarchy)
    {
        var now = _time.GetUtcNow();
        var activity = new Dictionary<ulong, ulong>(tracked.Count);
        foreach (var (id, stats) in tracked)
        {
            activity[id] = stats.OnCpuNs + stats.VoluntarySwitches + stats.InvoluntarySwitches;
        }

        var evict = new List<ulong>();
        bool refusing = refusedEvents > _refused;
        if (refusing)
        {
            _lastRefusalAt = now;
            foreach (var (id, fingerprint) in activity)
            {
                if (_activity.TryGetValue(id, out ulong before) && before == fingerprint)
                {
                    evict.Add(id);
                }
            }

            foreach (ulong id in evict)
            {
                activity.Remove(id);
            }
        }

        int untracked = _lastRefusalAt is { } last && now - last < DegradedFor ? Math.Max(0, cgroupsInHierarchy() - activity.Count) : 0;
        _untracked.Set(untracked);
        _evicted.Inc(evict.Count);
        _evictedSinceRateLog += evict.Count;
        Report(refusing, refusedEvents, untracked, evict.Count, now);
        _activity = activity;
        _refused = refusedEvents;
        return evict;
    }

    private void Report(bool refusing, ulong refusedEvents, int untracked, int evicted, DateTimeOffset now)
    {
        if (refusing && !_loggedFirst)
        {
            _loggedFirst = true;
            _rateSince = now;
            _refusedAtRateLog = refusedEvents;
            Log.MapFull(_logger, _slots, refusedEvents - _refused, untracked, evicted);
        }
        else if (_loggedFirst && now - _rateSince >= RateLogInterval && refusedEvents > _refusedAtRateLog)
        {
            Log.MapFullRate(_logger, _slots, refusedEvents - _refusedAtRateLog, (now - _rateSince).TotalSeconds, untracked, _evictedSinceRateLog);
            _rateSince = now;
            _refusedAtRateLog = refusedEvents;
            _evictedSinceRateLog = 0;
        }

        _degraded = _lastRefusalAt is { } last && now - last < DegradedFor
            ? $"cgroup map full (--max-cgroups {_slots}): {untracked} cgroups not tracked, {refusedEvents} events refused so far, last {(now - last).TotalSeconds:0} s ago; idle cgroups are evicted first"
            : null;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1210, Level = LogLevel.Warning, Message = "Cgroup map full (--max-cgroups {Slots}): {Refused} events of cgroups without a slot were not counted; {Untracked} cgroups are not tracked, {Evicted} idle ones evicted to make room. Raise --max-cgroups; further refusals are logged at most once a minute")]
        public static partial void MapFull(ILogger logger, uint slots, ulong refused, int untracked, int evicted);

        [LoggerMessage(EventId = 1211, Level = LogLevel.Warning, Message = "Cgroup map still full (--max-cgroups {Slots}): {Refused} events not counted in the last {Seconds:0} s; {Untracked} cgroups not tracked, {Evicted} idle ones evicted")]
        public static partial void MapFullRate(ILogger logger, uint slots, ulong refused, double seconds, int untracked, long evicted);
    }
}
