using System.Runtime.CompilerServices;

namespace KernelTruth.Simulations.Replay;

/// <summary>
/// One cgroup's CFS bandwidth state advanced one period at a time (see <see cref="BandwidthReplay"/>
/// for the rules and a worked example). A mutable struct so the replay loop keeps it in registers.
/// </summary>
/// <remarks>
/// <para>The kernel notices an empty pool only at its next accounting (a scheduler tick or a switch):
/// work that ends within that overrun is not throttled, and the overrun is repaid from the next
/// refill. With the tick's phase uniform, a period whose work exceeds the pool by e is throttled
/// with probability min(1, e / tick), and the mean overrun is tick / 2. The state follows the mean;
/// the throttled count is the expectation. Worked example, tick 4 ms, pool 20 ms: wanting 21 ms ⇒
/// used 21, throttled with probability 1/4; wanting 30 ⇒ used 22, throttled (probability 1), 8 left.</para>
/// <para>Work on several CPUs: each CPU draws runtime from the pool in slices and keeps what it has
/// not used (assign_cfs_rq_runtime); when the pool runs dry for one CPU, what another still holds
/// cannot serve it, and what that one hands back when it goes idle is redistributed only once the
/// pool exceeds a slice again (__return_cfs_rq_runtime). So with work on p CPUs the pool can end for
/// one of them early by the leftovers of the p − 1 others, up to a slice each: a period whose work
/// falls short of the pool may still be throttled. Seen in the kernel's own records: at 0.25 cores
/// with 4 threads bursting on 2 CPUs, a quarter of the throttled periods had one CPU throttled while
/// the group had used 0.5–1.3 ms less than its quota. The shortfall s is taken on [0, (p − 1) ×
/// <c>stranded</c>] with density falling linearly to 0 (the other CPU holds a uniform part of a slice
/// and strands only what its own remaining work leaves, so small shortfalls are likelier). Worked
/// example, tick 0, pool 25 ms, 2 CPUs, a 5 ms slice: wanting 24 ms ⇒ throttled when s &gt; 1 ms, with
/// probability (1 − 1/5)² = 0.64; on one CPU never. The stranded runtime is not lost (the CPU uses it
/// in a later period), so the state is unchanged.</para>
/// </remarks>
internal struct CfsBandwidthState(double quotaSeconds, double burstSeconds, double parallelCapSeconds, double tickSeconds = 0, double strandedPerCpuSeconds = 0)
{
    private const double Epsilon = 1e-9;
    private readonly double _tick = tickSeconds;
    private readonly double _stranded = strandedPerCpuSeconds;
    private readonly double _quota = quotaSeconds;
    private readonly double _ceiling = quotaSeconds + burstSeconds;
    private readonly double _parallelCap = parallelCapSeconds;
    private double _runtime = quotaSeconds;
    private bool _previousBusy;

    /// <summary>Work wanted but not yet served (CPU-seconds).</summary>
    public double Backlog { get; set; }

    // CPUs the waiting work ran on when it arrived (1 when unknown).
    private double _backlogCpus;

    /// <summary>Advances one period with <paramref name="arrivals"/> of new work on one CPU.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Step(double arrivals, out bool counted, out double throttled) => Step(arrivals, 1, out counted, out throttled);

    /// <summary>Advances one period with <paramref name="arrivals"/> of new work.</summary>
    /// <param name="arrivals">New work, CPU-seconds.</param>
    /// <param name="cpus">CPUs that work runs on (effective parallelism, ≥ 1; 1 when unknown).</param>
    /// <param name="counted">The kernel counts this period (its period timer ran through it).</param>
    /// <param name="throttled">Probability that the kernel throttled the period, 0..1.</param>
    /// <returns>CPU used in the period.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Step(double arrivals, double cpus, out bool counted, out double throttled)
    {
        double wanted = Backlog + arrivals;
        double excess = wanted - _runtime;
        double used = Math.Min(wanted, Math.Min(_runtime + (0.5 * _tick), _parallelCap));
        double spread = Math.Max(arrivals > Epsilon ? cpus : 1, Backlog > Epsilon ? _backlogCpus : 1);
        double span = _stranded * (spread - 1);
        throttled = _runtime >= _parallelCap || excess + span <= Epsilon ? 0 : ThrottledProbability(excess, span, _tick);
        if (arrivals > Epsilon)
        {
            _backlogCpus = Math.Max(1, cpus);
        }

        Backlog = wanted - used;
        bool busy = used > Epsilon;
        counted = busy || _previousBusy;
        _previousBusy = busy || Backlog > Epsilon;
        _runtime = Math.Min(_runtime - used + _quota, _ceiling);
        return used;
    }

    /// <summary>
    /// P(throttled) for work exceeding the pool by <paramref name="excess"/> (negative: short of it)
    /// when the pool may end early by s for the CPU that runs dry, s on [0, <paramref name="span"/>] with
    /// density 2(span − s)/span² (another CPU holds up to a slice, uniformly, and strands what its own
    /// remaining work does not use, so small strandings are likelier): the tick's ramp min(1, e / tick)
    /// averaged over e = excess + s. With R the ramp's integral and Q the integral of R, by parts that is
    /// 2·(Q(excess + span) − Q(excess) − span·R(excess)) / span². Worked example, tick 0 (a step),
    /// excess −1 ms, span 5 ms: P(s &gt; 1) = (1 − 1/5)² = 0.64.
    /// </summary>
    private static double ThrottledProbability(double excess, double span, double tick)
    {
        if (span <= Epsilon)
        {
            return excess <= Epsilon ? 0 : tick <= 0 ? 1 : Math.Min(1, excess / tick);
        }

        double p = 2 * (RampSecondIntegral(excess + span, tick) - RampSecondIntegral(excess, tick) - (span * RampIntegral(excess, tick))) / (span * span);
        return Math.Clamp(p, 0, 1);
    }

    /// <summary>∫ of the ramp up to y: 0 below 0, y²/(2·tick) up to a tick, y − tick/2 beyond (tick 0: max(0, y)).</summary>
    private static double RampIntegral(double y, double tick) =>
        y <= 0 ? 0 : tick <= 0 ? y : y <= tick ? y * y / (2 * tick) : y - (tick / 2);

    /// <summary>∫ of <see cref="RampIntegral"/> up to y: 0 below 0, y³/(6·tick) up to a tick, y²/2 − tick·y/2 + tick²/6 beyond (tick 0: y²/2).</summary>
    private static double RampSecondIntegral(double y, double tick) =>
        y <= 0 ? 0 : tick <= 0 ? y * y / 2 : y <= tick ? y * y * y / (6 * tick) : (y * y / 2) - (tick * y / 2) + (tick * tick / 6);

    /// <summary>An unknown period: nothing counted, backlog dropped, pool full again.</summary>
    public void Reset()
    {
        Backlog = 0;
        _backlogCpus = 1;
        _previousBusy = false;
        _runtime = _quota;
    }
}
