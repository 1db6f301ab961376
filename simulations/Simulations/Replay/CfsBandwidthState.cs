using System.Runtime.CompilerServices;

namespace KernelTruth.Simulations.Replay;

/// <summary>
/// One cgroup's CFS bandwidth state advanced one period at a time (see <see cref="BandwidthReplay"/>
/// for the rules and a worked example). A mutable struct so the replay loop keeps it in registers.
/// </summary>
/// <remarks>
/// The kernel notices an empty pool only at its next accounting (a scheduler tick or a switch):
/// work that ends within that overrun is not throttled, and the overrun is repaid from the next
/// refill. With the tick's phase uniform, a period whose work exceeds the pool by e is throttled
/// with probability min(1, e / tick), and the mean overrun is tick / 2. The state follows the mean;
/// the throttled count is the expectation. Worked example, tick 4 ms, pool 20 ms: wanting 21 ms ⇒
/// used 21, throttled with probability 1/4; wanting 30 ⇒ used 22, throttled (probability 1), 8 left.
/// <para>The pool starts with one quota, or full (quota + burst) when <paramref name="startFull"/>: a cgroup whose
/// burst is written after its quota starts full, because each write of the bandwidth refills the pool up to quota +
/// burst (measured on 6.18: 90 ms of CPU under 50 ms / 100 ms with a 50 ms burst ran unthrottled in one period).</para>
/// </remarks>
internal struct CfsBandwidthState(double quotaSeconds, double burstSeconds, double parallelCapSeconds, double tickSeconds = 0, bool startFull = false)
{
    private const double Epsilon = 1e-9;
    private readonly double _tick = tickSeconds;
    private readonly double _quota = quotaSeconds;
    private readonly double _ceiling = quotaSeconds + burstSeconds;
    private readonly double _parallelCap = parallelCapSeconds;
    private double _runtime = startFull ? quotaSeconds + burstSeconds : quotaSeconds;
    private bool _previousBusy;

    /// <summary>Work wanted but not yet served (CPU-seconds).</summary>
    public double Backlog { get; set; }

    /// <summary>Advances one period with <paramref name="arrivals"/> of new work.</summary>
    /// <param name="arrivals">New work, CPU-seconds.</param>
    /// <param name="counted">The kernel counts this period (its period timer ran through it).</param>
    /// <param name="throttled">Probability that the kernel throttled the period, 0..1.</param>
    /// <returns>CPU used in the period.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Step(double arrivals, out bool counted, out double throttled)
    {
        double wanted = Backlog + arrivals;
        double excess = wanted - _runtime;
        double used = Math.Min(wanted, Math.Min(_runtime + (0.5 * _tick), _parallelCap));
        throttled = excess <= Epsilon || _runtime >= _parallelCap ? 0 : _tick <= 0 ? 1 : Math.Min(1, excess / _tick);
        Backlog = wanted - used;
        bool busy = used > Epsilon;
        counted = busy || _previousBusy;
        _previousBusy = busy || Backlog > Epsilon;
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
