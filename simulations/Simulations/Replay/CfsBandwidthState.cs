using System.Runtime.CompilerServices;

namespace KernelTruth.Simulations.Replay;

/// <summary>
/// One cgroup's CFS bandwidth state advanced one period at a time (see <see cref="BandwidthReplay"/>
/// for the rules and a worked example). A mutable struct so the replay loop keeps it in registers.
/// </summary>
internal struct CfsBandwidthState(double quotaSeconds, double burstSeconds, double parallelCapSeconds)
{
    private const double Epsilon = 1e-9;
    private readonly double _quota = quotaSeconds;
    private readonly double _ceiling = quotaSeconds + burstSeconds;
    private readonly double _parallelCap = parallelCapSeconds;
    private double _runtime = quotaSeconds;
    private bool _previousBusy;

    /// <summary>Work wanted but not yet served (CPU-seconds).</summary>
    public double Backlog { get; set; }

    /// <summary>Advances one period with <paramref name="arrivals"/> of new work.</summary>
    /// <returns>CPU used in the period.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Step(double arrivals, out bool counted, out bool throttled)
    {
        double wanted = Backlog + arrivals;
        double used = Math.Min(wanted, Math.Min(_runtime, _parallelCap));
        throttled = wanted - used > Epsilon && _runtime <= _parallelCap && used >= _runtime - Epsilon;
        Backlog = wanted - used;
        bool busy = used > Epsilon;
        counted = busy || _previousBusy;
        _previousBusy = busy || throttled;
        _runtime = Math.Min(_runtime - used + _quota, _ceiling);
        return used;
    }

    /// <summary>An unknown period: nothing counted, backlog dropped, pool full again.</summary>
    public void Reset()
    {
        Backlog = 0;
        _previousBusy = false;
        _runtime = _quota;
    }
}
