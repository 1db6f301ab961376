namespace KernelTruth.Simulations.Replay;

/// <summary>
/// Replays per-period demand through CFS bandwidth control at period granularity.
/// </summary>
/// <remarks>
/// <para>Per period k, as the kernel does it: the pool holds <c>runtime</c> at the period's start
/// (refilled at each expiry: runtime = min(left + quota, quota + burst), so unused quota carries
/// into the next period only up to the burst). Work wanted = backlog + arrivals; used =
/// min(wanted, runtime + tick/2, cpus × period). The period is throttled when the pool ran dry
/// with work left, with probability min(1, (wanted − runtime) / tick): the kernel notices an empty
/// pool only at its next tick or switch (<see cref="CfsBandwidthState"/>); the overrun is repaid
/// from the next refill. What is left is carried into the next period.</para>
/// <para>Which periods count: the kernel's period timer runs while the group is busy; at an expiry
/// where nothing was used and nothing is throttled it stops (do_sched_cfs_period_timer, cfs_b->idle),
/// and it restarts when work arrives. So nr_periods counts periods with usage plus the first idle
/// one after them. The replay counts the same, so its ratio is comparable with cpu.stat.</para>
/// <para>Open loop: arrivals are replayed as they were recorded, whatever the limit does to the work
/// before them. The share of work that arrives while earlier work still waits says how much the answer
/// rests on that (<see cref="LimitPrediction.LoopDependent"/>).</para>
/// <para>Worked example (tick 0): quota 20 ms per 100 ms, no burst, arrivals 30, 0, 0 ms. Period 0:
/// used 20, throttled, backlog 10 (wait 10 ms). Period 1: used 10, not throttled. Period 2: idle,
/// counted (the timer finds the group idle at its end). Ratio 1/3; usage 30 ms / 0.3 s = 0.1 cores.
/// With the default 4 ms tick: period 0 uses 22, backlog 8; period 1 has 18 of runtime and uses 8.</para>
/// </remarks>
public static class BandwidthReplay
{
    public static LimitPrediction Run(DemandSeries demand, BandwidthLimit limit) => Run(demand, limit, new double[demand.ArrivalsSeconds.Length]);

    /// <summary>Runs with a caller-owned scratch buffer of at least one entry per period (sweeps reuse one).</summary>
    public static LimitPrediction Run(DemandSeries demand, BandwidthLimit limit, double[] waitScratch)
    {
        ArgumentNullException.ThrowIfNull(demand);
        ArgumentNullException.ThrowIfNull(limit);
        var errors = limit.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", errors), nameof(limit));
        }

        if (Math.Abs(limit.PeriodSeconds - demand.PeriodSeconds) > 1e-12)
        {
            throw new ArgumentException($"period {limit.PeriodSeconds}s differs from the demand's {demand.PeriodSeconds}s: coarsen the demand first", nameof(limit));
        }

        var state = new CfsBandwidthState(limit.QuotaSeconds, limit.BurstSeconds, demand.Cpus * demand.PeriodSeconds, limit.TickSeconds);
        double usedSum = 0, throttledSum = 0, arrived = 0, heldBack = 0;
        long counted = 0, waits = 0, known = 0;
        double[] arrivals = demand.ArrivalsSeconds;
        for (int k = 0; k < arrivals.Length; k++)
        {
            double a = arrivals[k];
            if (double.IsNaN(a))
            {
                // Unknown period: nothing is counted, and a backlog across it would be a guess.
                state.Reset();
                continue;
            }

            known++;
            arrived += a;
            if (state.Backlog > 1e-9)
            {
                heldBack += a; // earlier work still waits: this work arrives behind it
            }

            usedSum += state.Step(a, out bool isCounted, out double throttled);
            if (isCounted)
            {
                counted++;
                throttledSum += throttled;
                if (state.Backlog > 1e-9)
                {
                    waitScratch[waits++] = state.Backlog;
                }
            }
        }

        var censoring = demand.Censoring;
        return new LimitPrediction(
            limit.LimitCores,
            limit.PeriodSeconds,
            limit.BurstCores,
            counted == 0 ? 0 : throttledSum / counted,
            Percentile.OverCounted(waitScratch.AsSpan(0, (int)waits), counted, 0.50),
            Percentile.OverCounted(waitScratch.AsSpan(0, (int)waits), counted, 0.99),
            known == 0 ? 0 : usedSum / (known * demand.PeriodSeconds),
            counted,
            throttledSum,
            censoring.ConfidenceAt(limit.LimitCores),
            censoring.CensoredPeriods > 0 && !(censoring.RecordedLimitCores is { } r && limit.LimitCores <= r + 1e-9),
            arrived > 0 ? heldBack / arrived : 0);
    }
}
