using KernelTruth.Contracts.Snapshot;
using KernelTruth.NodeSensor.Bpf;
using KernelTruth.NodeSensor.Bpf.Programs;
using KernelTruth.NodeSensor.Cgroups;
using KernelTruth.NodeSensor.Prometheus;
using KernelTruth.NodeSensor.Recording;
using KernelTruth.NodeSensor.Sampling;
using Microsoft.Extensions.Logging;

namespace KernelTruth.NodeSensor.Hosting;

/// <summary>
/// The sensor as a library: checks the kernel, loads and attaches the BPF programs, and reads
/// snapshots. The DaemonSet host and the single-host CLI both run exactly this.
/// Start-up fails with <see cref="SensorStartupException"/> naming what is missing.
/// </summary>
public sealed class SensorRuntime : IDisposable, ISnapshotReader
{
    private readonly SensorPrograms _programs;
    private readonly SnapshotSampler _sampler;
    private readonly SensorCounters _counters;
    private readonly TimeProvider _time;
    private readonly Lock _readLock = new();
    private NodeSnapshot? _latest;
    private long _latestAtUtcTicks; // read without the lock: one atomic 64-bit value, never torn

    private SensorRuntime(SensorPrograms programs, SnapshotSampler sampler, SensorCounters counters, SensorMetrics metrics, CpuHierarchy hierarchy, TimeProvider time)
    {
        _programs = programs;
        _sampler = sampler;
        _counters = counters;
        Metrics = metrics;
        Hierarchy = hierarchy;
        _time = time;
    }

    public CpuHierarchy Hierarchy { get; }

    /// <summary>Whether the cgroup map is full and what that costs (/readyz reports it).</summary>
    internal MapPressure Pressure { get; private init; } = null!;

    internal SensorPrograms Programs => _programs;

    /// <summary>What /metrics serves: the sensor's counters and every snapshot read, from the first read on.</summary>
    public SensorMetrics Metrics { get; }

    /// <summary>The last snapshot read, or null before the first.</summary>
    public NodeSnapshot? Latest => Volatile.Read(ref _latest);

    /// <summary>When the last successful read finished.</summary>
    public DateTimeOffset? LatestAt => Latest is null ? null : new DateTimeOffset(Interlocked.Read(ref _latestAtUtcTicks), TimeSpan.Zero);

    /// <summary>The clock the runtime was started with; the HTTP host's health check uses it too.</summary>
    internal TimeProvider Time => _time;

    public static SensorRuntime Start(SensorOptions options, ILoggerFactory loggers, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new SensorStartupException("invalid sensor configuration:\n  - " + string.Join("\n  - ", errors));
        }

        var problems = BpfEnvironment.Check().Where(p => p.Severity == BpfProblemSeverity.Error).ToList();
        if (problems.Count > 0)
        {
            throw new SensorStartupException("the sensor cannot run on this host:\n  - " + string.Join("\n  - ", problems.Select(p => p.Message)));
        }

        CpuHierarchy hierarchy;
        try
        {
            hierarchy = CpuHierarchy.Detect(cgroupRootOverride: options.CgroupRoot);
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException)
        {
            throw new SensorStartupException($"no cgroup hierarchy with the cpu controller: {ex.Message}", ex);
        }

        SensorPrograms programs;
        try
        {
            programs = SensorPrograms.Load(new SensorProgramOptions { MaxCgroups = options.MaxCgroups, KallsymsPath = options.KallsymsPath }, loggers.CreateLogger("KernelTruth.NodeSensor.Bpf"));
        }
        catch (BpfStageException ex)
        {
            throw new SensorStartupException($"loading the BPF programs failed: {ex.Message}", ex);
        }

        var metrics = new SensorMetrics(options.WaitBuckets);
        var counters = new SensorCounters(metrics.Factory);
        var index = new CgroupIndex(hierarchy, time);
        var filter = new CgroupFilter(options.AllCgroups ? CgroupScope.All : CgroupScope.KubernetesPods);
        var samplingLog = loggers.CreateLogger("KernelTruth.NodeSensor.Sampling");
        var pressure = new MapPressure(options.MaxCgroups, time, metrics.Factory, samplingLog);
        var sampler = new SnapshotSampler(programs, hierarchy, index, filter, time, SensorIdentity.FromHost(), counters,
            samplingLog, options.ForgetGoneAfter, pressure,
            new StartupTracker((ulong)options.StartupWindow.TotalNanoseconds, (ulong)options.SettleWindow.TotalNanoseconds));
        return new SensorRuntime(programs, sampler, counters, metrics, hierarchy, time) { Pressure = pressure };
    }

    /// <summary>Reads a new snapshot now. Reads are serialised: window folding keeps state between them.</summary>
    public NodeSnapshot Read()
    {
        lock (_readLock)
        {
            long started = _time.GetTimestamp();
            try
            {
                var snapshot = _sampler.Read();
                Interlocked.Exchange(ref _latestAtUtcTicks, _time.GetUtcNow().UtcTicks);
                Volatile.Write(ref _latest, snapshot);
                Metrics.Observe(snapshot);
                return snapshot;
            }
            catch
            {
                _counters.ReadFailed();
                throw;
            }
            finally
            {
                _counters.ReadDuration(_time.GetElapsedTime(started));
            }
        }
    }

    /// <summary>The latest snapshot if it is younger than <paramref name="maxAge"/>, else a new one.</summary>
    public NodeSnapshot ReadFresh(TimeSpan maxAge)
    {
        var latest = Latest;
        if (latest is not null && _time.GetUtcNow() - LatestAt <= maxAge)
        {
            return latest;
        }

        return Read();
    }

    /// <summary>
    /// Starts streaming per-period records of <paramref name="cgroupIds"/> (cpu-hierarchy inodes) from
    /// the CFS period timer. Fails when the period-timer program is unavailable on this host.
    /// </summary>
    public PeriodRecorder StartRecording(IReadOnlyCollection<ulong> cgroupIds)
    {
        ArgumentNullException.ThrowIfNull(cgroupIds);
        if (!_programs.PeriodTimerActive)
        {
            throw new SensorStartupException("per-period recording needs the CFS period timer, which is unavailable here: "
                + _programs.Unavailable.GetValueOrDefault(CfsPeriodNative.ObjectName, "not loaded"));
        }

        return new PeriodRecorder(_programs, cgroupIds);
    }

    public void Dispose() => _programs.Dispose();
}
