using KernelTruth.NodeSensor.Bpf.Programs;
using KernelTruth.NodeSensor.Sampling;
using KernelTruth.NodeSensor.Tests.Bpf;
using KernelTruth.NodeSensor.Tests.Fakes;
using KernelTruth.NodeSensor.Tests.Prometheus;
using Prometheus;

namespace KernelTruth.NodeSensor.Tests.Sampling;

/// <summary>
/// A full map, read by read: idle cgroups (same counters as the last read) evicted only while new refusals come, the
/// first refusal logged once and then a rate at most once a minute, degraded for 5 minutes after the last refusal.
/// </summary>
public sealed class MapPressureTests
{
    private readonly ManualTimeProvider _clock = new();
    private readonly ListLogger _log = new();
    private readonly CollectorRegistry _registry = Metrics.NewCustomRegistry();
    private readonly MapPressure _pressure;

    public MapPressureTests() => _pressure = new MapPressure(64, _clock, Metrics.WithCustomRegistry(_registry), _log);

    [Fact]
    public void Observe_NoRefusals_NothingEvictedNotDegradedNothingLogged()
    {
        _pressure.Observe([Stats(1, 10), Stats(2, 20)], refusedEvents: 0, () => 100);
        _clock.Advance(TimeSpan.FromSeconds(1));

        var evicted = _pressure.Observe([Stats(1, 10), Stats(2, 20)], refusedEvents: 0, () => throw new InvalidOperationException("not asked without pressure"));

        Assert.Empty(evicted);
        Assert.Null(_pressure.Degraded);
        Assert.Empty(_log.Entries);
    }

    [Fact]
    public void Observe_RefusalsCame_IdleCgroupsEvictedBusyAndNewKept()
    {
        _pressure.Observe([Stats(1, 10), Stats(2, 20), Stats(3, 30)], refusedEvents: 0, () => 200);
        _clock.Advance(TimeSpan.FromSeconds(1));

        // 1 is idle (10 ns both times), 2 ran, 4 is new since the last read: only 1 goes.
        var evicted = _pressure.Observe([Stats(1, 10), Stats(2, 25), Stats(4, 5)], refusedEvents: 7, () => 200);

        Assert.Equal([1UL], evicted);
        Assert.Equal(198, RegistryValue.Of(_registry, "ktruth_sensor_cgroups_untracked")); // 200 in the hierarchy − 2 kept (2 and 4)
        Assert.Equal(1, RegistryValue.Of(_registry, "ktruth_sensor_cgroups_evicted_total"));
        Assert.StartsWith("cgroup map full (--max-cgroups 64): 198 cgroups not tracked, 7 events refused", _pressure.Degraded, StringComparison.Ordinal);
    }

    [Fact]
    public void Observe_RefusalsEveryReadForTwoMinutes_FirstLoggedOnceThenOneRateLineAMinute()
    {
        // Reads every 10 s for 130 s, 100 more refusals each: 1 first line, rate lines at 60 s and 120 s.
        for (int read = 0; read <= 13; read++)
        {
            _pressure.Observe([Stats(1, (ulong)read)], refusedEvents: (ulong)read * 100, () => 80);
            _clock.Advance(TimeSpan.FromSeconds(10));
        }

        var lines = _log.Entries.Select(e => e.Message).ToList();
        Assert.Equal(3, lines.Count);
        Assert.StartsWith("Cgroup map full (--max-cgroups 64): 100 events", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("Cgroup map still full (--max-cgroups 64): 600 events not counted in the last 60 s", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("Cgroup map still full (--max-cgroups 64): 600 events not counted in the last 60 s", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Observe_FiveMinutesWithoutRefusals_NoLongerDegradedAndNothingUntracked()
    {
        _pressure.Observe([Stats(1, 1)], refusedEvents: 0, () => 80);
        _pressure.Observe([Stats(1, 2)], refusedEvents: 5, () => 80);
        Assert.NotNull(_pressure.Degraded);

        _clock.Advance(TimeSpan.FromMinutes(5));
        _pressure.Observe([Stats(1, 3)], refusedEvents: 5, () => 80);

        Assert.Null(_pressure.Degraded);
        Assert.Equal(0, RegistryValue.Of(_registry, "ktruth_sensor_cgroups_untracked"));
    }

    private static (ulong, CgroupSchedStatsNative) Stats(ulong id, ulong onCpuNs) => (id, new CgroupSchedStatsNative { CgroupId = id, OnCpuNs = onCpuNs });
}
