using KernelTruth.Contracts.Snapshot;

namespace KernelTruth.NodeSensor.Sampling;

/// <summary>
/// Turns a new cgroup's start events and the sampled cpu.stat/cpuacct counters into its
/// <see cref="StartupSnapshot"/>. From the first exec it keeps one <see cref="UsagePoint"/> (24 B)
/// per sample until exec + N has passed, then only the final snapshot: at the defaults (N = 60 s,
/// 1 s interval) at most ~61 points, 1.5 KiB, per container still starting.
/// The counters start at 0 with the cgroup, so CPU "from creation" needs no baseline read.
/// </summary>
internal sealed class StartupTracker(ulong windowNs, ulong settleWindowNs)
{
    private readonly Dictionary<ulong, Progress> _progress = [];

    public ulong WindowNs { get; } = windowNs;

    /// <summary>The cgroup's startup as of this sample; null when it has none (older than the sensor).</summary>
    public StartupSnapshot? Observe(ulong cgroupId, StartTimes? times, ulong nowNs, ulong? usageNs, ulong throttledNs)
    {
        if (_progress.TryGetValue(cgroupId, out var progress) && progress.Final is { } final)
        {
            return final;
        }

        if (times is not { } t)
        {
            return null;
        }

        if (t.FirstExecNs == 0 || usageNs is not { } usage)
        {
            return Partial(t);
        }

        if (progress is null)
        {
            progress = new Progress(t.CreatedNs);
            _progress[cgroupId] = progress;
        }

        progress.Samples.Add(new UsagePoint(nowNs, usage, throttledNs));
        ulong end = t.FirstExecNs + WindowNs;
        if (nowNs < end)
        {
            return Partial(t);
        }

        var samples = progress.Samples;
        ulong? settled = StartupSettle.Find(samples.Where(p => p.AtNs >= t.FirstExecNs).ToList(), t.FirstExecNs, settleWindowNs);
        ulong? ready = ListenAfter(t) ?? settled;
        progress.Final = Partial(t) with
        {
            CpuNs = (ulong)Math.Round(StartupSettle.UsageAt(samples, end, p => p.UsageNs)),
            ThrottledNs = (ulong)Math.Round(StartupSettle.UsageAt(samples, end, p => p.ThrottledNs)),
            SettledAfterNs = settled,
            ReadyAfterNs = ready,
            ReadyCpuNs = ready is { } r ? (ulong)Math.Round(StartupSettle.UsageAt(samples, t.FirstExecNs + r, p => p.UsageNs)) : null,
            ReadyThrottledNs = ready is { } q ? (ulong)Math.Round(StartupSettle.UsageAt(samples, t.FirstExecNs + q, p => p.ThrottledNs)) : null,
            Complete = true,
        };
        samples.Clear();
        samples.TrimExcess();
        return progress.Final;
    }

    public void Forget(ulong cgroupId) => _progress.Remove(cgroupId);

    private StartupSnapshot Partial(StartTimes t) => new()
    {
        CreatedNs = t.CreatedNs,
        FirstTaskNs = NullIfZero(t.FirstTaskNs),
        FirstExecNs = NullIfZero(t.FirstExecNs),
        FirstListenNs = NullIfZero(t.FirstListenNs),
        WindowNs = WindowNs,
        ReadyAfterNs = ListenAfter(t),
    };

    /// <summary>Exec → first listen, when the listen came after the exec and within the window.</summary>
    private ulong? ListenAfter(StartTimes t) =>
        t.FirstExecNs != 0 && t.FirstListenNs >= t.FirstExecNs && t.FirstListenNs - t.FirstExecNs <= WindowNs ? t.FirstListenNs - t.FirstExecNs : null;

    private static ulong? NullIfZero(ulong ns) => ns == 0 ? null : ns;

    private sealed class Progress
    {
        /// <summary>The counters are 0 at the cgroup's creation: the first point, so a window end before the first sample still interpolates.</summary>
        public Progress(ulong createdNs) => Samples.Add(new UsagePoint(createdNs, 0, 0));

        public List<UsagePoint> Samples { get; } = [];

        public StartupSnapshot? Final { get; set; }
    }
}
