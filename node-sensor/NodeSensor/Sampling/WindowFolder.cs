using KernelTruth.NodeSensor.Bpf.Programs;

namespace KernelTruth.NodeSensor.Sampling;

/// <summary>
/// Folds one cgroup's ring of usage windows (bpf/sched_events.h) into a per-window usage
/// histogram. The kernel only adds on-CPU time to the window it overlapped; this class decides
/// when a window is complete and counts it once.
///
/// A slot packs (window id mod 2^20) &lt;&lt; 44 | ns. A window is folded once it is at least
/// <see cref="FoldLagWindows"/> behind the current one. The kernel charges a running task at least
/// every tick, but a CPU without a tick (nohz_full) charges late, so a folded window can still
/// grow: the folder then moves the window to its new bucket instead of counting it twice. Windows older than the ring are gone; reading
/// at least every (64 − 2) windows (6.2 s at 100 ms) loses none.
/// </summary>
internal sealed class WindowFolder
{
    public const int FoldLagWindows = 2;
    private const ulong TagMask = (1UL << SchedEventsNative.WindowTagBits) - 1;
    private const ulong UsageMask = (1UL << SchedEventsNative.WindowUsageBits) - 1;

    private readonly Dictionary<ulong, ulong> _folded = [];
    private ulong _floor; // windows at or below this id were pruned: never fold them again

    public UsageHistogram Histogram { get; } = new();

    /// <summary>Folds every complete window in <paramref name="ring"/>.</summary>
    /// <param name="ring">The cgroup's window slots as read from the map.</param>
    /// <param name="currentWindow">now (CLOCK_MONOTONIC ns) / window length.</param>
    public void Fold(ReadOnlySpan<ulong> ring, ulong currentWindow)
    {
        foreach (ulong slot in ring)
        {
            ulong usage = slot & UsageMask;
            if (usage == 0)
            {
                continue;
            }

            ulong tag = slot >> SchedEventsNative.WindowUsageBits;
            ulong back = (currentWindow - tag) & TagMask;
            if (back > currentWindow)
            {
                continue; // tag from before the clock started: cannot be a real window
            }

            ulong id = currentWindow - back;
            if (back < FoldLagWindows || (_floor != 0 && id <= _floor))
            {
                continue;
            }

            if (_folded.TryGetValue(id, out ulong seen))
            {
                if (seen == usage)
                {
                    continue;
                }

                Histogram.Remove(seen);
            }

            Histogram.Add(usage);
            _folded[id] = usage;
        }

        Prune(currentWindow);
    }

    private void Prune(ulong currentWindow)
    {
        ulong keepFrom = currentWindow > (2 * (ulong)SchedEventsNative.WindowRing) ? currentWindow - (2 * (ulong)SchedEventsNative.WindowRing) : 0;
        if (keepFrom == 0)
        {
            return;
        }

        foreach (ulong id in _folded.Keys.Where(id => id < keepFrom).ToList())
        {
            _folded.Remove(id);
        }

        _floor = Math.Max(_floor, keepFrom - 1);
    }
}
